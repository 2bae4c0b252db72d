import { describe, expect, it } from 'vitest';
import type {
  CrashRecord,
  InstanceSnapshot,
  InstanceState,
  ProcessTypeSnapshot,
  ProjectSnapshot,
} from '../../shared/model';
import { createDashboardStore } from './dashboard-store';
import { summarize } from '../../shared/instance-state';
import { MAX_NOTICES, orderedInstances } from './host-state';

const type = (name: string, index: number): ProcessTypeSnapshot => ({
  name,
  command: `run ${name}`,
  index,
  line: index + 1,
  scale: 1,
  policy: 'keep',
  basePort: 5000 + 100 * index,
});

function instance(
  id: `${string}.${number}`,
  state: InstanceState = { kind: 'ready', pid: 10, since: 0, at: 0 },
  crashes: CrashRecord[] = [],
): InstanceSnapshot {
  const [t, n] = id.split('.') as [string, string];
  return { id, type: t, index: Number(n), port: 5000, state, restarts: 0, crashes, escaped: [] };
}

const crash: CrashRecord = {
  instance: 'web.2',
  at: 1,
  exit: { kind: 'code', code: 3 },
  uptimeMs: 300,
  command: 'run web',
  lastLines: ['boom'],
  run: 1,
};
const crashed: InstanceState = { kind: 'crashed', at: 1, exit: { kind: 'code', code: 3 }, uptimeMs: 300 };

function project(
  dir = '/p',
  instances = [instance('web.1'), instance('web.2', crashed, [crash]), instance('worker.1')],
): ProjectSnapshot {
  return {
    dir,
    name: 'p',
    procfile: `${dir}/Procfile`,
    procfiles: ['Procfile'],
    envFiles: [],
    spawner: 'pty',
    graceMs: 5000,
    types: [type('web', 0), type('worker', 1)],
    instances,
    diagnostics: [],
  };
}

function store() {
  const s = createDashboardStore({ kind: 'connecting', attempt: 1 });
  s.getState().apply({ event: 'snapshot', payload: project() });
  return s;
}

describe('the dashboard store', () => {
  it('knows nothing until the first snapshot, then the project', () => {
    const s = createDashboardStore({ kind: 'connecting', attempt: 1 });
    expect(s.getState().loaded).toBe(false);
    s.getState().apply({ event: 'snapshot', payload: null });
    expect(s.getState()).toMatchObject({ loaded: true, project: null });
    s.getState().apply({ event: 'snapshot', payload: project() });
    expect(s.getState().project?.dir).toBe('/p');
    expect([...s.getState().instances.keys()]).toEqual(['web.1', 'web.2', 'worker.1']);
  });

  it('replaces an instance without touching the others (selectors compare by reference)', () => {
    const s = store();
    const before = s.getState().instances;
    s.getState().apply({ event: 'instance', payload: instance('web.1', { kind: 'stopped', at: 2, exit: null }) });
    const after = s.getState().instances;
    expect(after).not.toBe(before);
    expect(after.get('worker.1')).toBe(before.get('worker.1'));
    expect(after.get('web.1')?.state.kind).toBe('stopped');
  });

  it('opens the crash panel when a crashed instance is selected, not a running one', () => {
    const s = store();
    s.getState().select({ kind: 'instance', id: 'web.2' });
    expect(s.getState().crashPanel).toBe('web.2');
    s.getState().select({ kind: 'instance', id: 'web.1' });
    expect(s.getState().crashPanel).toBeNull();
    s.getState().show('web.2');
    expect(s.getState()).toMatchObject({ view: { kind: 'instance', id: 'web.2' }, crashPanel: 'web.2' });
  });

  it('falls back to the merged view when the shown instance is scaled away', () => {
    const s = store();
    s.getState().openCrash('web.2');
    s.getState().apply({ event: 'instance-removed', payload: { id: 'web.2' } });
    expect(s.getState()).toMatchObject({ view: { kind: 'merged' }, crashPanel: null });
  });

  it('resets the view when another project opens', () => {
    const s = store();
    s.getState().select({ kind: 'instance', id: 'web.1' });
    s.getState().toggleMergedType('web');
    s.getState().apply({ event: 'snapshot', payload: project('/q') });
    expect(s.getState()).toMatchObject({ view: { kind: 'merged' }, mergedTypes: null });
  });

  it('toggles types in the merged view, back to "all"', () => {
    const s = store();
    s.getState().toggleMergedType('web');
    expect(s.getState().mergedTypes).toEqual(['worker']);
    s.getState().toggleMergedType('web');
    expect(s.getState().mergedTypes).toBeNull();
  });

  it('turns a crash into a notice, and keeps only the newest notices', () => {
    const s = store();
    s.getState().apply({ event: 'crash', payload: crash });
    expect(s.getState().notices.at(-1)?.notice).toMatchObject({
      level: 'error',
      message: 'web.2 crashed: code 3',
      instance: 'web.2',
    });
    for (let i = 0; i < MAX_NOTICES + 10; i++)
      s.getState().apply({ event: 'notice', payload: { level: 'info', message: `n${i}`, at: i } });
    expect(s.getState().notices).toHaveLength(MAX_NOTICES);
    s.getState().dismissNotice(s.getState().notices[0]?.key ?? -1);
    expect(s.getState().notices).toHaveLength(MAX_NOTICES - 1);
  });

  it('opens the crash panel the desktop shell asks for', () => {
    const s = store();
    s.getState().apply({ event: 'shell', payload: { kind: 'reveal-crash', instance: 'web.2', at: 5 } });
    expect(s.getState()).toMatchObject({ view: { kind: 'instance', id: 'web.2' }, crashPanel: 'web.2' });
  });

  it('orders instances by Procfile position, then number; and counts them by state', () => {
    const s = store();
    s.getState().apply({ event: 'instance', payload: instance('web.10') });
    expect(orderedInstances(s.getState()).map((i) => i.id)).toEqual(['web.1', 'web.2', 'web.10', 'worker.1']);
    expect(summarize(s.getState().instances.values())).toEqual({
      running: 3,
      starting: 0,
      crashed: 1,
      failed: 0,
      stopped: 0,
      trouble: 1,
      live: 3,
      total: 4,
    });
  });
});
