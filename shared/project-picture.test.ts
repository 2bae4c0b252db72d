import { describe, expect, it } from 'vitest';
import type { EventMessage } from './contract';
import type { InstanceSnapshot, InstanceState, ProjectSnapshot } from './model';
import { EMPTY_PICTURE, entered, foldEvent, sameProject, statesChanged, type ProjectPicture } from './project-picture';

const running: InstanceState = { kind: 'ready', pid: 10, since: 0, at: 0 };
const crashLoop: InstanceState = { kind: 'crash-loop', at: 5, failures: 6, exit: { kind: 'code', code: 1 } };

function instance(id: `${string}.${number}`, state: InstanceState = running): InstanceSnapshot {
  const [type, n] = id.split('.') as [string, string];
  return { id, type, index: Number(n), port: 5000, state, restarts: 0, crashes: [], escaped: [] };
}

function snapshot(overrides: Partial<ProjectSnapshot> = {}): ProjectSnapshot {
  return {
    dir: '/p',
    name: 'p',
    procfile: '/p/Procfile',
    procfiles: ['Procfile'],
    envFiles: [],
    spawner: 'pty',
    graceMs: 5000,
    types: [{ name: 'web', command: 'serve', index: 0, line: 1, scale: 2, policy: 'keep', basePort: 5000 }],
    instances: [instance('web.1'), instance('web.2')],
    diagnostics: [],
    ...overrides,
  };
}

const fold = (events: EventMessage[], from: ProjectPicture = EMPTY_PICTURE) => events.reduce(foldEvent, from);

describe('folding the event stream into a picture of the project', () => {
  it('a snapshot replaces everything; null means no project, but loaded', () => {
    const p = fold([{ event: 'snapshot', payload: snapshot() }]);
    expect(p.loaded).toBe(true);
    expect(p.project).toMatchObject({ dir: '/p', procfile: '/p/Procfile' });
    expect(p.project).not.toHaveProperty('instances');
    expect([...p.instances.keys()]).toEqual(['web.1', 'web.2']);
    const closed = foldEvent(p, { event: 'snapshot', payload: null });
    expect(closed).toMatchObject({ loaded: true, project: null, types: [], diagnostics: [] });
    expect(closed.instances.size).toBe(0);
  });

  it('instances are set and removed in new Maps; the old picture is unchanged', () => {
    const p = fold([{ event: 'snapshot', payload: snapshot() }]);
    const crashed = instance('web.2', { kind: 'crashed', at: 1, exit: { kind: 'code', code: 3 }, uptimeMs: 10 });
    const q = fold(
      [
        { event: 'instance', payload: crashed },
        { event: 'instance', payload: instance('web.3') },
        { event: 'instance-removed', payload: { id: 'web.1' } },
      ],
      p,
    );
    expect([...q.instances.keys()]).toEqual(['web.2', 'web.3']);
    expect(q.instances.get('web.2')?.state.kind).toBe('crashed');
    expect(q.instances).not.toBe(p.instances);
    expect([...p.instances.keys()]).toEqual(['web.1', 'web.2']);
    expect(p.instances.get('web.2')?.state.kind).toBe('ready');
  });

  it('events that change nothing give back the same picture', () => {
    const p = fold([{ event: 'snapshot', payload: snapshot() }]);
    const same: EventMessage[] = [
      { event: 'instance-removed', payload: { id: 'web.9' } },
      { event: 'notice', payload: { level: 'info', message: 'hi', at: 1 } },
      {
        event: 'output',
        payload: {
          instance: 'web.1',
          offset: 0,
          stream: 'pty',
          data: new Uint8Array([65]),
          arrivals: [0, 1],
          first: true,
        },
      },
      { event: 'output-gap', payload: { instance: 'web.1', skipped: 1, resumeAt: 1 } },
      {
        event: 'crash',
        payload: {
          instance: 'web.1',
          at: 1,
          exit: { kind: 'code', code: 1 },
          uptimeMs: 1,
          command: 'x',
          lastLines: [],
          run: 1,
        },
      },
      { event: 'shell', payload: { kind: 'open-export', at: 1 } },
    ];
    for (const m of same) expect(foldEvent(p, m)).toBe(p);
  });

  it('types and diagnostics are replaced', () => {
    const p = fold([
      { event: 'snapshot', payload: snapshot() },
      { event: 'types', payload: [] },
      { event: 'diagnostics', payload: [{ severity: 'warning', file: '/p/Procfile', line: 2, message: 'odd' }] },
    ]);
    expect(p.types).toEqual([]);
    expect(p.diagnostics).toHaveLength(1);
  });

  it('keeps the fields of a wider state (the page adds its own)', () => {
    const page = { ...EMPTY_PICTURE, notices: ['kept'] };
    expect(foldEvent(page, { event: 'snapshot', payload: snapshot() }).notices).toEqual(['kept']);
  });
});

describe('what changed', () => {
  it.each([
    [null, null, true],
    [{ dir: '/p', procfile: '/p/Procfile' }, null, false],
    [null, { dir: '/p', procfile: '/p/Procfile' }, false],
    [{ dir: '/p', procfile: '/p/Procfile' }, { dir: '/p', procfile: '/p/Procfile' }, true],
    [{ dir: '/p', procfile: '/p/Procfile' }, { dir: '/p', procfile: '/p/Procfile.dev' }, false],
    [{ dir: '/p', procfile: '/p/Procfile' }, { dir: '/q', procfile: '/p/Procfile' }, false],
  ])('sameProject(%j, %j) = %s', (a, b, same) => {
    expect(sameProject(a, b)).toBe(same);
  });

  it('states changed: an instance came, went, or changed its kind; not a new pid in the same kind', () => {
    const p = fold([{ event: 'snapshot', payload: snapshot() }]);
    expect(statesChanged(p, p)).toBe(false);
    expect(
      statesChanged(
        p,
        foldEvent(p, { event: 'instance', payload: instance('web.1', { kind: 'ready', pid: 11, since: 3, at: 3 }) }),
      ),
    ).toBe(false);
    expect(statesChanged(p, foldEvent(p, { event: 'instance', payload: instance('web.1', crashLoop) }))).toBe(true);
    expect(statesChanged(p, foldEvent(p, { event: 'instance', payload: instance('web.3') }))).toBe(true);
    expect(statesChanged(p, foldEvent(p, { event: 'instance-removed', payload: { id: 'web.2' } }))).toBe(true);
  });

  it('entered: only the event that brings an instance into the kind', () => {
    const p = fold([{ event: 'snapshot', payload: snapshot() }]);
    const into: EventMessage = { event: 'instance', payload: instance('web.1', crashLoop) };
    expect(entered(p, into, 'crash-loop')).toMatchObject({ instance: { id: 'web.1' }, state: { failures: 6 } });
    expect(entered(foldEvent(p, into), into, 'crash-loop')).toBeNull();
    expect(entered(p, { event: 'instance', payload: instance('web.1') }, 'crash-loop')).toBeNull();
    expect(entered(p, { event: 'snapshot', payload: snapshot() }, 'crash-loop')).toBeNull();
  });
});
