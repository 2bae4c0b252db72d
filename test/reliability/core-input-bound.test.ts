/**
 * #47: a child that never reads its stdin cannot make the host hold unbounded input.
 * `instance.input` (a one-way notification) is refused, naming the instance, once about
 * LIMITS.maxPendingInputBytes wait unread, and the view is told so once (not once per key);
 * the deaf instance keeps running and another instance still takes input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS, type CallResult, type EventMessage } from '../../shared/contract';
import type { ProjectSnapshot, SpawnerKind } from '../../shared/model';
import type { ProjectHost } from '../../electron/host/project-host';
import { testHost } from '../support/host';
import { waiter } from '../support/wait';

const hosts: ProjectHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

// `deaf` never reads stdin; `ear` echoes what it reads, line by line, as `heard:…`.
const PROCFILE = [
  `deaf: node -e "console.log('deaf up'); setInterval(() => {}, 1000)"`,
  `ear: node -e "console.log('ear up'); require('readline').createInterface({ input: process.stdin }).on('line', (l) => console.log('heard:' + l))"`,
  '',
].join('\n');

const CHUNK = 'x'.repeat(LIMITS.maxInputBytes - 1) + '\n';

describe('#47 input to a child that never reads', () => {
  for (const adapter of ['pipe', 'pty'] as const satisfies readonly SpawnerKind[]) {
    it(`#47 (${adapter}) instance.input is refused past the bound, the deaf instance keeps its pid, and another instance still hears`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'procdeck-input-'));
      writeFileSync(join(dir, 'Procfile'), PROCFILE);
      const host = testHost(adapter);
      hosts.push(host);
      const messages: EventMessage[] = [];
      const wait = waiter();
      const client = {
        send: (m: EventMessage) => {
          messages.push(m);
          wait.changed();
        },
      };
      host.attach(client);
      await host.openProject(dir);
      await host.dispatch(client, 'output.subscribe', { instances: ['deaf.1', 'ear.1'] });
      const text = (id: string) =>
        Buffer.concat(
          messages.flatMap((m) =>
            m.event === 'output' && m.payload.instance === id ? [Buffer.from(m.payload.data)] : [],
          ),
        ).toString();
      await wait.until(
        () => (text('deaf.1').includes('deaf up') && text('ear.1').includes('ear up')) || undefined,
        'both instances up',
      );
      const pidOf = async (id: string) => {
        const snap = await host.dispatch(client, 'project.snapshot', {});
        const state = snap.ok
          ? (snap.value as ProjectSnapshot | null)?.instances.find((i) => i.id === id)?.state
          : undefined;
        return state && 'pid' in state ? state.pid : undefined;
      };
      const deafPid = await pidOf('deaf.1');
      expect(deafPid).toBeGreaterThan(0);

      // Far more than the bound: without it, every call is accepted and the host holds it all.
      const calls = Math.ceil((3 * LIMITS.maxPendingInputBytes) / CHUNK.length);
      let accepted = 0;
      let refusal: CallResult<unknown> | null = null;
      for (let i = 0; i < calls && refusal === null; i++) {
        const result = host.notify(client, 'instance.input', { instance: 'deaf.1', data: CHUNK });
        if (result.ok) accepted += CHUNK.length;
        else refusal = result;
      }
      expect(refusal, `all ${calls} calls (${accepted} bytes) were accepted`).not.toBeNull();
      expect(refusal).toMatchObject({
        ok: false,
        error: { code: 'refused', message: expect.stringContaining('deaf.1 is not reading its input') },
      });
      // What the kernel buffers (a pipe's 64 KiB, a terminal's few KiB) plus the bound, never more.
      expect(accepted).toBeLessThanOrEqual(LIMITS.maxPendingInputBytes + 256 * 1024);
      // The view hears of it once, however many keystrokes follow.
      for (let i = 0; i < 5; i++)
        expect(host.notify(client, 'instance.input', { instance: 'deaf.1', data: CHUNK })).toMatchObject({
          ok: false,
          error: { code: 'refused' },
        });
      const told = messages.filter((m) => m.event === 'notice' && m.payload.instance === 'deaf.1');
      expect(told).toEqual([
        {
          event: 'notice',
          payload: {
            level: 'warning',
            message: expect.stringContaining('deaf.1 is not reading its input'),
            at: expect.any(Number),
            instance: 'deaf.1',
          },
        },
      ]);

      expect(await pidOf('deaf.1')).toBe(deafPid);
      expect(host.notify(client, 'instance.input', { instance: 'ear.1', data: 'still here\n' })).toEqual({
        ok: true,
        value: null,
      });
      await wait.until(() => text('ear.1').includes('heard:still here') || undefined, 'ear.1 to hear its input');
    });
  }
});
