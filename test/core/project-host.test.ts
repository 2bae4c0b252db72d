/**
 * The host side of the contract, with real projects.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import type { ProjectHost } from '../../electron/host/project-host';
import { testHost } from '../support/host';
import { eventually } from '../support/wait';

const hosts: ProjectHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function project(procfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-host-'));
  writeFileSync(join(dir, 'Procfile'), procfile);
  return dir;
}

function host(): ProjectHost {
  const h = testHost();
  hosts.push(h);
  return h;
}

describe('ProjectHost', () => {
  it('sends a new view the snapshot first, then the buffered output, then live output', async () => {
    const h = host();
    await h.openProject(project('web: echo one; sleep 0.3; echo two; exec sleep 1000\n'));
    const messages: EventMessage[] = [];
    const client = { send: (m: EventMessage) => messages.push(m) };
    h.attach(client);
    expect(messages[0]?.event).toBe('snapshot');
    await new Promise((r) => setTimeout(r, 100));
    await h.dispatch(client, 'output.subscribe', { instances: ['web.1'] });
    const text = () =>
      Buffer.concat(messages.flatMap((m) => (m.event === 'output' ? [Buffer.from(m.payload.data)] : []))).toString();
    await eventually(() => text().includes('two'), 'the second line');
    expect(text()).toBe('one\ntwo\n');
  });

  it('starts a view afresh when another project opens (a new web.1 is not the old one)', async () => {
    const h = host();
    const messages: EventMessage[] = [];
    const client = { send: (m: EventMessage) => messages.push(m) };
    h.attach(client);
    await h.openProject(project('web: echo first project with a long line; exec sleep 1000\n'));
    await h.dispatch(client, 'output.subscribe', { instances: ['web.1'] });
    const outputs = () => messages.flatMap((m) => (m.event === 'output' ? [m.payload] : []));
    await eventually(() => outputs().length > 0, 'the first output');
    messages.length = 0;
    await h.openProject(project('web: echo second; exec sleep 1000\n'));
    await h.dispatch(client, 'output.subscribe', { instances: ['web.1'] });
    await eventually(
      () =>
        Buffer.concat(outputs().map((o) => Buffer.from(o.data)))
          .toString()
          .includes('second'),
      'the second project’s output',
    );
    expect(outputs()[0]?.offset).toBe(0);
    expect(Buffer.concat(outputs().map((o) => Buffer.from(o.data))).toString()).toBe('second\n');
  });
});
