/**
 * The host side of the contract for one project at a time: answers calls, pushes events,
 * and pumps output to each attached view. Transport-free: the WebSocket server and the
 * Electron IPC glue both hand it validated-or-not messages and a way to send.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import type { CallError, CallErrorCode, CallResult, EventMessage, HostInfo, RecentProject } from '../../../shared/contract';
import { isSafeExternalUrl } from '../../../shared/links';
import type { ExitPolicy, InstanceId, ProjectSnapshot, SpawnerKind } from '../../../shared/model';
import { validateCall, type ValidCall } from '../contract/call-schemas';
import type { EnvValues } from '../env/parse-env';
import { exportLiveFormation } from '../export/live-export';
import type { FormationSpec } from '../formation/formation';
import type { Guard } from '../lifeline/lifeline';
import { concatChunks } from '../output/output-ring';
import { projectFiles } from '../project/load-project';
import { ProjectSession, type ProjectEvent } from '../project/project-session';
import { selectSpawner } from '../spawner/select-spawner';
import { UnknownProcessError } from '../supervisor/supervisor';
import { DEFAULT_PUMP_OPTIONS, OutputPump, type PumpOptions } from './output-pump';

export interface HostServices {
  readonly info: HostInfo;
  readonly spawnerKind: SpawnerKind;
  readonly guard: Guard;
  readonly graceMs: number;
  readonly defaultPolicy: ExitPolicy;
  readonly processEnv: EnvValues;
  /** Full logs go under this directory, one folder per project; null: memory only. */
  readonly logRoot: string | null;
  readonly ringBytes?: number;
  readonly pump?: PumpOptions;
  /** Options for the first project opened (the CLI's -f, -e, -m, -p). */
  readonly firstProject?: { readonly envFiles?: readonly string[]; readonly formation?: FormationSpec | null; readonly port?: string };
  recentProjects(): readonly RecentProject[];
  /** Null when the host has no folder picker. */
  readonly pickFolder: (() => Promise<string | null>) | null;
  /** Null when the view opens links itself (a browser tab). */
  readonly openLink: ((url: string) => Promise<void>) | null;
  /** Saved slider counts and policies for a project, if the host persists them. */
  saved?(dir: string): { scale?: ReadonlyMap<string, number>; policies?: ReadonlyMap<string, ExitPolicy>; procfile?: string } | undefined;
  /** Called after every change worth persisting. */
  remember?(snapshot: ProjectSnapshot): void;
  /** A warning for the host's own log (spawner fallback, …). */
  warn?(message: string): void;
}

export interface HostClient {
  send(message: EventMessage): void;
}

class HostCallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class ProjectHost {
  private session: ProjectSession | null = null;
  private detachSession: (() => void) | null = null;
  private readonly clients = new Map<HostClient, OutputPump>();
  private opening: Promise<unknown> = Promise.resolve();
  private firstProjectUsed = false;

  constructor(private readonly services: HostServices) {}

  get current(): ProjectSession | null {
    return this.session;
  }

  /** Connects a view: it gets the snapshot now and every event after it. */
  attach(client: HostClient): () => void {
    const pump = new OutputPump(
      (message) => client.send(message),
      (id) => this.session?.supervisor.runner(id)?.ring ?? null,
      this.services.pump ?? DEFAULT_PUMP_OPTIONS,
    );
    this.clients.set(client, pump);
    client.send({ event: 'snapshot', payload: this.session?.snapshot() ?? null });
    return () => {
      pump.dispose();
      this.clients.delete(client);
    };
  }

  /** Answers one call; never throws, whatever arrives. */
  async dispatch(client: HostClient, name: unknown, params: unknown): Promise<CallResult<unknown>> {
    const validation = validateCall(name, params);
    if (!validation.ok) return failure(validation.code, validation.message);
    try {
      return { ok: true, value: await this.answer(client, validation.call) };
    } catch (error) {
      if (error instanceof HostCallError) return failure(error.code, error.message);
      if (error instanceof UnknownProcessError) return failure('not-found', error.message);
      return failure('failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** Opens a project (closing the current one) and starts its formation. */
  openProject(dir: string, procfile?: string): Promise<ProjectSnapshot> {
    const next = this.opening.then(() => this.openNow(dir, procfile));
    this.opening = next.catch(() => undefined);
    return next;
  }

  /**
   * The full log of an instance of the open project, for the web view's download: its
   * path, null when it has written nothing on that stream, undefined when there is no such
   * instance. (`out`: the PTY's log, or stdout with pipes.)
   */
  logFileOf(id: InstanceId, stream: 'out' | 'stderr'): string | null | undefined {
    const runner = this.session?.supervisor.runner(id);
    if (!runner) return undefined;
    const file = runner.logFiles.find((f) => (stream === 'stderr' ? f.endsWith('.stderr.log') : !f.endsWith('.stderr.log')));
    return file ?? null;
  }

  /** Stops the formation (gracefully; asked twice, at once) and detaches every view. */
  async close(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await session.close();
  }

  private async answer(client: HostClient, call: ValidCall): Promise<unknown> {
    const pump = this.clients.get(client);
    switch (call.name) {
      case 'app.info':
        return this.services.info;
      case 'app.recentProjects':
        return this.services.recentProjects();
      case 'app.pickFolder':
        if (!this.services.pickFolder) throw new HostCallError('unsupported', 'this host has no folder picker');
        return this.services.pickFolder();
      case 'project.open':
        return this.openProject(call.params.dir, call.params.procfile);
      case 'project.selectProcfile': {
        const session = this.require();
        if (!session.snapshot().procfiles.includes(call.params.procfile)) {
          throw new HostCallError('not-found', `no Procfile named '${call.params.procfile}' in ${session.files.dir}`);
        }
        return this.openProject(session.files.dir, call.params.procfile);
      }
      case 'project.reload': {
        const session = this.require();
        await session.reload();
        return session.snapshot();
      }
      case 'project.snapshot':
        return this.session?.snapshot() ?? null;
      case 'process.start':
        this.require().supervisor.start(call.params.target);
        return null;
      case 'process.stop':
        void this.require().supervisor.stop(call.params.target);
        return null;
      case 'process.restart':
        void this.require().supervisor.restart(call.params.target);
        return null;
      case 'process.signal': {
        const runner = this.require().supervisor.runner(call.params.instance);
        if (!runner) throw new HostCallError('not-found', `unknown instance '${call.params.instance}'`);
        if (!runner.signal(call.params.signal)) throw new HostCallError('failed', `${call.params.instance} is not running`);
        return null;
      }
      case 'type.scale':
        this.require().supervisor.scale(call.params.type, call.params.count);
        this.remember();
        return null;
      case 'type.setPolicy':
        this.require().setPolicy(call.params.type, call.params.policy);
        this.remember();
        return null;
      case 'output.subscribe':
        for (const id of call.params.instances) this.requireInstance(id);
        pump?.subscribe(call.params.instances);
        return null;
      case 'output.unsubscribe':
        pump?.unsubscribe(call.params.instances);
        return null;
      case 'output.ack':
        pump?.ack(call.params.instance, call.params.bytes);
        return null;
      case 'output.read': {
        const runner = this.requireInstance(call.params.instance);
        const ring = runner.ring;
        const chunks = ring.read(ring.characterStart(ring.end - (call.params.maxBytes ?? ring.capacity)));
        const first = chunks[0];
        return {
          text: new TextDecoder('utf-8', { fatal: false }).decode(concatChunks(chunks)),
          start: first ? first.offset : runner.ring.end,
          end: runner.ring.end,
          logFiles: runner.logFiles,
        };
      }
      case 'instance.input':
        if (!this.requireInstance(call.params.instance).write(call.params.data)) {
          throw new HostCallError('failed', `${call.params.instance} is not running`);
        }
        return null;
      case 'instance.resize':
        this.requireInstance(call.params.instance).resize(call.params.cols, call.params.rows);
        return null;
      case 'formation.export': {
        const session = this.require();
        // The live formation: the sliders and policies as the supervisor holds them now.
        const exported = await exportLiveFormation(call.params.format, {
          files: session.files,
          types: session.supervisor.typeSnapshots(),
          graceMs: session.snapshot().graceMs,
          processEnv: this.services.processEnv,
        });
        if (!exported.ok) throw new HostCallError('failed', exported.error);
        return exported.value;
      }
      case 'link.open':
        if (!isSafeExternalUrl(call.params.url)) throw new HostCallError('invalid-request', 'only http(s) links open outside the app');
        if (!this.services.openLink) throw new HostCallError('unsupported', 'this host lets the view open links itself');
        await this.services.openLink(call.params.url);
        return null;
    }
  }

  private async openNow(dir: string, procfileName?: string): Promise<ProjectSnapshot> {
    if (!isAbsolute(dir)) throw new HostCallError('invalid-request', `not an absolute path: ${dir}`);
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new HostCallError('not-found', `no such folder: ${dir}`);
    const saved = this.services.saved?.(dir);
    const first = this.firstProjectUsed ? undefined : this.services.firstProject;
    this.firstProjectUsed = true;
    const procfile = procfileName ?? saved?.procfile;
    if (procfile !== undefined && (procfile.includes('/') || procfile.includes('\\') || procfile.startsWith('.'))) {
      throw new HostCallError('invalid-request', `not a Procfile name: ${procfile}`);
    }
    const files = projectFiles({ cwd: dir, dir, procfile, envFiles: first?.envFiles });

    if (this.session) {
      this.detachSession?.();
      await this.session.close();
      this.session = null;
      // Views of the old project's instances must not carry over to same-named new ones.
      for (const pump of this.clients.values()) pump.reset();
      this.broadcast({ event: 'snapshot', payload: null });
    }
    const { spawner, warning } = await selectSpawner(this.services.spawnerKind);
    if (warning) this.services.warn?.(warning);
    const opened = await ProjectSession.open({
      files,
      settings: {
        formation: first?.formation ?? null,
        portFlag: first?.port,
        processEnv: this.services.processEnv,
        savedScale: saved?.scale,
      },
      defaultPolicy: this.services.defaultPolicy,
      policies: saved?.policies ?? new Map(),
      graceMs: this.services.graceMs,
      runtime: {
        spawner,
        guard: this.services.guard,
        logDir: this.logDirFor(dir),
        ...(this.services.ringBytes !== undefined ? { ringBytes: this.services.ringBytes } : {}),
      },
      watch: true,
    });
    if (!opened.ok) {
      this.broadcast({ event: 'diagnostics', payload: opened.diagnostics });
      const first = opened.diagnostics.find((d) => d.severity === 'error');
      throw new HostCallError('failed', first ? `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}` : 'cannot open');
    }
    const session = opened.session;
    this.session = session;
    const stopOutput = session.supervisor.onOutput((id) => {
      for (const pump of this.clients.values()) pump.notify(id);
    });
    const stopEvents = session.subscribe((event) => this.forward(event));
    this.detachSession = () => {
      stopOutput();
      stopEvents();
    };
    session.supervisor.start({ scope: 'all' });
    this.remember();
    return session.snapshot();
  }

  private forward(event: ProjectEvent): void {
    switch (event.kind) {
      case 'project':
        return this.broadcast({ event: 'snapshot', payload: event.snapshot });
      case 'instance':
        return this.broadcast({ event: 'instance', payload: event.instance });
      case 'instance-removed':
        for (const pump of this.clients.values()) pump.forget(event.id);
        return this.broadcast({ event: 'instance-removed', payload: { id: event.id } });
      case 'types':
        return this.broadcast({ event: 'types', payload: event.types });
      case 'crash':
        return this.broadcast({ event: 'crash', payload: event.record });
      case 'notice':
        return this.broadcast({ event: 'notice', payload: event.notice });
      case 'stop-all':
        return this.broadcast({
          event: 'notice',
          payload: { level: 'warning', message: `${event.cause.instance} exited; its policy stops the whole formation`, at: Date.now() },
        });
      case 'diagnostics':
        return this.broadcast({ event: 'diagnostics', payload: event.diagnostics });
    }
  }

  private broadcast(message: EventMessage): void {
    for (const client of this.clients.keys()) client.send(message);
  }

  private remember(): void {
    if (this.session) this.services.remember?.(this.session.snapshot());
  }

  private require(): ProjectSession {
    if (!this.session) throw new HostCallError('no-project', 'no project is open');
    return this.session;
  }

  private requireInstance(id: InstanceId) {
    const runner = this.require().supervisor.runner(id);
    if (!runner) throw new HostCallError('not-found', `unknown instance '${id}'`);
    return runner;
  }

  /** One log folder per project, emptied when the project opens: it holds this session's logs. */
  private logDirFor(dir: string): string | null {
    const root = this.services.logRoot;
    if (!root) return null;
    const folder = join(root, `${basename(dir)}-${createHash('sha256').update(dir).digest('hex').slice(0, 10)}`);
    rmSync(folder, { recursive: true, force: true });
    return folder;
  }
}

function failure(code: CallErrorCode, message: string): CallResult<never> {
  const error: CallError = { code, message };
  return { ok: false, error };
}

