/**
 * Two projects open at once whose port ranges overlap (issue 11, "Ports"): the later one is
 * offered the next free base, and the base it moves to is remembered for its folder. Two
 * real hosts (as two desktop windows, or two `procdeck serve`s) share one state folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage, PortRangeOffer } from '../../shared/contract';
import type { ProjectHost } from '../../electron/host/project-host';
import { testHost } from '../support/host';

const hosts: ProjectHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

const client = { send: (_m: EventMessage) => {} };

/** A base away from 5000 and from other test files' ports (the instances never listen). */
const BASE = 20_000 + 100 * Math.floor(Math.random() * 200);

function project(root: string, name: string, base = BASE): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'Procfile'), 'web: sleep 30\nworker: sleep 30\n');
  writeFileSync(join(dir, '.env'), `PORT=${base}\n`);
  return dir;
}

function host(state: string): ProjectHost {
  const h = testHost('pipe', { portsState: state });
  hosts.push(h);
  return h;
}

async function offer(h: ProjectHost): Promise<PortRangeOffer | null> {
  const answer = await h.dispatch(client, 'ports.offer', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as PortRangeOffer | null;
}

describe('overlapping port ranges of two open projects', () => {
  it('offers the later project the next free base, and remembers the move for its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'procdeck-ranges-'));
    const state = join(root, 'state');
    const first = project(root, 'shop');
    const second = project(root, 'blog');
    const a = host(state);
    await a.openProject(first);
    expect(await offer(a)).toBeNull();

    const b = host(state);
    await b.openProject(second);
    expect(await offer(b)).toEqual({
      from: BASE,
      to: BASE + 199,
      other: { name: 'shop', dir: first, pid: process.pid, from: BASE, to: BASE + 199 },
      base: 5000,
    });

    const moved = await b.dispatch(client, 'ports.moveBase', { basePort: 5000 });
    expect(moved.ok).toBe(true);
    expect(b.current?.snapshot().types.map((t) => t.basePort)).toEqual([5000, 5100]);
    expect(await offer(b)).toBeNull();

    // The folder keeps its base: opened again by another host, it starts at 5000, with nothing to offer.
    await b.close();
    const again = host(state);
    await again.openProject(second);
    expect(again.current?.snapshot().types.map((t) => t.basePort)).toEqual([5000, 5100]);
    expect(await offer(again)).toBeNull();
    expect(basename(second)).toBe('blog');
  });

  it('ignores a project whose host is gone, and one that does not overlap; a closed project frees its range', async () => {
    const root = mkdtempSync(join(tmpdir(), 'procdeck-ranges-'));
    const state = join(root, 'state');
    // A host that crashed left its file behind: its pid is dead.
    const dead = spawnSync('true').pid as number;
    mkdirSync(join(state, 'open-ports'), { recursive: true });
    writeFileSync(
      join(state, 'open-ports', `${dead}-1.json`),
      JSON.stringify({ version: 1, dir: '/gone', name: 'gone', pid: dead, from: BASE, to: BASE + 99 }),
    );
    writeFileSync(join(state, 'open-ports', 'junk.json'), '{"version":1,"dir":'); // never crashes the open
    const elsewhere = host(state);
    await elsewhere.openProject(project(root, 'elsewhere', BASE + 1000));
    const h = host(state);
    await h.openProject(project(root, 'one'));
    expect(await offer(h)).toBeNull();

    const files = () => readdirSync(join(state, 'open-ports')).filter((n) => n.startsWith(`${process.pid}-`));
    expect(files()).toHaveLength(2);
    await h.close();
    await elsewhere.close();
    expect(files()).toEqual([]);
  });

  it('refuses a base below 1024 at the entry point, and has nothing to offer without a state folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'procdeck-ranges-'));
    const h = testHost('pipe');
    hosts.push(h);
    await h.openProject(project(root, 'plain'));
    expect(await offer(h)).toBeNull();
    const low = await h.dispatch(client, 'ports.moveBase', { basePort: 80 });
    expect(low).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const unsupported = await h.dispatch(client, 'ports.moveBase', { basePort: 6000 });
    expect(unsupported).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(existsSync(join(root, 'state'))).toBe(false);
  });
});
