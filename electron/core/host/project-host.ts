/**
 * The host side of the contract for one project at a time: answers calls, pushes events,
 * and pumps output to each attached view. Transport-free: the WebSocket server and the
 * Electron IPC glue both hand it validated-or-not messages and a way to send.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { CallError, CallErrorCode, CallResult, EventMessage, ExportFormat, FolderExportResult, FormationExport, HostInfo, RecentProject } from '../../../shared/contract';
import { LIMITS } from '../../../shared/contract';
import { isSafeExternalUrl } from '../../../shared/links';
import { assertNever, type ExitPolicy, type InstanceId, type ProjectSnapshot, type SpawnerKind } from '../../../shared/model';
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
import { readProcfile } from '../procfile/read-procfile';
import { LogHandles } from './log-handles';
import { ALLOWED, type OpenConfirmation, type OpenPolicy, type OpenRequest, type OpenSource } from './open-policy';
import { resolveOpen } from './open-request';
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
  /** Writes an export to a folder the user picks natively; absent: the view saves it itself (a zip download). */
  readonly saveExport?: (exported: FormationExport) => Promise<{ readonly ok: true; readonly value: FolderExportResult } | { readonly ok: false; readonly error: string }>;
  /** Null when the view opens links itself (a browser tab). */
  readonly openLink: ((url: string) => Promise<void>) | null;
  /** Saved slider counts and policies for a project, if the host persists them. */
  saved?(dir: string): { scale?: ReadonlyMap<string, number>; policies?: ReadonlyMap<string, ExitPolicy>; procfile?: string } | undefined;
  /** Called after every change worth persisting. */
  remember?(snapshot: ProjectSnapshot): void;
  /** A warning for the host's own log (spawner fallback, …). */
  warn?(message: string): void;
  /**
   * Which folders may be opened (open-policy.ts). Absent: any folder (the rules every host
   * applies still hold: a Procfile-like name, inside the folder, not a log).
   */
  readonly openPolicy?: OpenPolicy;
  /** Asks the user about an open the policy answered `needs-confirmation`; absent: such opens are refused. */
  readonly confirmOpen?: (confirmation: OpenConfirmation) => Promise<boolean>;
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
  private readonly logHandles = new LogHandles<{ readonly session: ProjectSession; readonly instance: InstanceId; readonly stream: 'out' | 'stderr' }>();

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

  /**
   * Opens a project (closing the current one, once the new one is known to be good) and
   * starts its formation. `source` says who asked: the host itself (its command line, a
   * native dialog) or a view (a contract call); the OpenPolicy may treat them apart.
   */
  openProject(dir: string, procfile?: string, source: OpenSource = 'host'): Promise<ProjectSnapshot> {
    const next = this.opening.then(() => this.openNow(dir, procfile, source));
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

  /**
   * Redeems a handle from `output.logHandle` (once): the log's path, null when the instance
   * has written nothing there, undefined when the handle is unknown, used, expired, or of a
   * project no longer open.
   */
  redeemLogHandle(handle: string): string | null | undefined {
    const target = this.logHandles.redeem(handle);
    if (!target || target.session !== this.session) return undefined;
    return this.logFileOf(target.instance, target.stream);
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
        return this.openProject(call.params.dir, call.params.procfile, 'view');
      case 'project.selectProcfile': {
        const session = this.require();
        if (!session.snapshot().procfiles.includes(call.params.procfile)) {
          throw new HostCallError('not-found', `no Procfile named '${call.params.procfile}' in ${session.files.dir}`);
        }
        return this.openProject(session.files.dir, call.params.procfile, 'view');
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
        };
      }
      case 'output.logHandle': {
        const session = this.require();
        this.requireInstance(call.params.instance);
        return { handle: this.logHandles.issue({ session, instance: call.params.instance, stream: call.params.stream === 'stderr' ? 'stderr' : 'out' }) };
      }
      case 'instance.input': {
        const runner = this.requireInstance(call.params.instance);
        const pending = runner.pendingInput();
        if (pending + Buffer.byteLength(call.params.data) > LIMITS.maxPendingInputBytes) {
          throw new HostCallError(
            'refused',
            `${call.params.instance} is not reading its input: ${pending} bytes are still waiting (limit ${LIMITS.maxPendingInputBytes})`,
          );
        }
        if (!runner.write(call.params.data)) {
          throw new HostCallError('failed', `${call.params.instance} is not running`);
        }
        return null;
      }
      case 'instance.resize':
        this.requireInstance(call.params.instance).resize(call.params.cols, call.params.rows);
        return null;
      case 'formation.export':
        return this.exportLive(call.params.format);
      case 'formation.exportToFolder': {
        const save = this.services.saveExport;
        if (!save) throw new HostCallError('unsupported', 'this host cannot save to a folder; download the export as a zip instead');
        const saved = await save(await this.exportLive(call.params.format));
        if (!saved.ok) throw new HostCallError('failed', saved.error);
        return saved.value;
      }
      case 'link.open':
        if (!isSafeExternalUrl(call.params.url)) throw new HostCallError('invalid-request', 'only http(s) links open outside the app');
        if (!this.services.openLink) throw new HostCallError('unsupported', 'this host lets the view open links itself');
        await this.services.openLink(call.params.url);
        return null;
    }
  }

  /** The live formation: the sliders and policies as the supervisor holds them now. */
  private async exportLive(format: ExportFormat): Promise<FormationExport> {
    const session = this.require();
    const exported = await exportLiveFormation(format, {
      files: session.files,
      types: session.supervisor.typeSnapshots(),
      graceMs: session.snapshot().graceMs,
      processEnv: this.services.processEnv,
    });
    if (!exported.ok) throw new HostCallError('failed', exported.error);
    return exported.value;
  }

  private async openNow(dir: string, procfileName: string | undefined, source: OpenSource): Promise<ProjectSnapshot> {
    // Everything that can refuse comes first: a refused or broken open leaves the running formation as it is.
    const saved = isAbsolute(dir) ? this.services.saved?.(dir) : undefined;
    const resolved = await resolveOpen(dir, procfileName ?? saved?.procfile ?? 'Procfile', this.services.logRoot ? [this.services.logRoot] : []);
    if (!resolved.ok) throw new HostCallError(resolved.code, resolved.message);
    await this.authorize({ dir: resolved.dir, procfile: resolved.procfile, source }, resolved.procfilePath);

    const first = this.firstProjectUsed ? undefined : this.services.firstProject;
    const files = projectFiles({ cwd: resolved.dir, dir: resolved.dir, procfile: resolved.procfilePath, envFiles: first?.envFiles });
    const { spawner, warning } = await selectSpawner(this.services.spawnerKind);
    if (warning) this.services.warn?.(warning);
    const logDir = this.logDirFor(resolved.dir);
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
        logDir,
        ...(this.services.ringBytes !== undefined ? { ringBytes: this.services.ringBytes } : {}),
      },
      watch: true,
    });
    if (!opened.ok) {
      this.broadcast({ event: 'diagnostics', payload: opened.diagnostics });
      const first = opened.diagnostics.find((d) => d.severity === 'error');
      throw new HostCallError('failed', first ? `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}` : 'cannot open');
    }
    this.firstProjectUsed = true;

    if (this.session) {
      this.detachSession?.();
      await this.session.close();
      this.session = null;
      // Views of the old project's instances must not carry over to same-named new ones.
      for (const pump of this.clients.values()) pump.reset();
      this.broadcast({ event: 'snapshot', payload: null });
    }
    // The folder holds this session's logs only; emptied once the old session (perhaps of the same folder) has closed.
    if (logDir) rmSync(logDir, { recursive: true, force: true });
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

  /** One log folder per project (emptied when the project opens: it holds this session's logs). */
  private logDirFor(dir: string): string | null {
    const root = this.services.logRoot;
    if (!root) return null;
    return join(root, `${basename(dir)}-${createHash('sha256').update(dir).digest('hex').slice(0, 10)}`);
  }

  /** The host's policy decides; a folder that needs the user's word gets it from `confirmOpen`, with the commands it would run. */
  private async authorize(request: OpenRequest, procfilePath: string): Promise<void> {
    const policy = this.services.openPolicy ?? (() => ALLOWED);
    const decision = await policy(request);
    switch (decision.kind) {
      case 'allowed':
        return;
      case 'refused':
        throw new HostCallError('refused', decision.reason);
      case 'needs-confirmation': {
        const confirm = this.services.confirmOpen;
        if (!confirm) throw new HostCallError('refused', `opening ${request.dir} needs your confirmation, and this host cannot ask`);
        const procfile = await readProcfile(procfilePath);
        const commands = procfile.types.map((t) => ({ name: t.name, command: t.command }));
        if (!(await confirm({ dir: request.dir, procfile: request.procfile, commands }))) {
          throw new HostCallError('refused', `you did not allow opening ${request.dir}`);
        }
        return;
      }
      default:
        return assertNever(decision, 'open decision');
    }
  }
}

function failure(code: CallErrorCode, message: string): CallResult<never> {
  const error: CallError = { code, message };
  return { ok: false, error };
}

