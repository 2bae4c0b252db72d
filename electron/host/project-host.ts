/**
 * The host side of the contract for one project at a time: answers calls (the handler maps
 * in calls/), carries out one-way notifications, pushes events, and pumps output to each
 * attached view. Transport-free: the WebSocket server and the Electron IPC glue both hand
 * it validated-or-not messages and a way to send.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { CallError, CallErrorCode, CallResult, EventMessage } from '../../shared/contract';
import { assertNever, type InstanceId, type ProjectSnapshot } from '../../shared/model';
import { validateCall, validateNotification } from './contract/call-schemas';
import type { InstanceRunner } from '../core/instance/instance-runner';
import { projectFiles } from '../core/project/load-project';
import { ProjectSession, type ProjectEvent } from '../core/project/project-session';
import { readProcfile } from '../core/procfile/read-procfile';
import { selectSpawner } from '../core/spawner/select-spawner';
import { UnknownProcessError } from '../core/supervisor/supervisor';
import { appCalls } from './calls/app-calls';
import {
  HostCallError,
  runCall,
  runNotification,
  type CallHandlers,
  type HostScope,
  type LogTarget,
  type NotificationHandlers,
  type ViewScope,
} from './calls/call-handler';
import { formationCalls } from './calls/formation-calls';
import { editorCalls } from './calls/editor-calls';
import { environmentCalls } from './calls/environment-calls';
import { linkCalls } from './calls/link-calls';
import { portsCalls } from './calls/ports-calls';
import { notificationHandlers } from './calls/notification-handlers';
import { outputCalls } from './calls/output-calls';
import { processCalls } from './calls/process-calls';
import { projectCalls } from './calls/project-calls';
import { typeCalls } from './calls/type-calls';
import { searchCalls } from './calls/search-calls';
import { SearchService, type SearchOwner } from './search/search-service';
import type { HostServices } from './host-services';
import { LogHandles } from './log-handles';
import { ALLOWED, type OpenRequest, type OpenSource } from './open-policy';
import { resolveOpen } from './open-request';
import { DEFAULT_PUMP_OPTIONS, OutputPump } from './output-pump';
import { feedObservations, type InstanceFeed } from '../core/observe/instance-feed';
import { sharedObserver } from '../core/observe/observer';
import { HostPorts } from './ports/host-ports';

export type { HostServices } from './host-services';

export interface HostClient {
  send(message: EventMessage): void;
}

/** How often a view is told, per instance, that its notifications are refused. */
export const REFUSAL_NOTICE_MS = 5000;

export class ProjectHost {
  private session: ProjectSession | null = null;
  private detachSession: (() => void) | null = null;
  private readonly clients = new Map<HostClient, OutputPump>();
  private opening: Promise<unknown> = Promise.resolve();
  private firstProjectUsed = false;
  private readonly logHandles = new LogHandles<LogTarget>();
  private readonly calls: CallHandlers;
  private readonly notifications: NotificationHandlers;
  /** Search all output (issue 13): the searches, and where each view's results go. */
  private readonly search = new SearchService();
  private readonly searchOwners = new Map<HostClient, SearchOwner>();
  private readonly refusalsTold = new WeakMap<HostClient, Map<InstanceId, number>>();
  /** Ports and resources of the open project's instances (issue 11). */
  private observations: InstanceFeed | null = null;
  /** ports2: this host's open project among the other open projects' port ranges. */
  private readonly ports: HostPorts;

  constructor(private readonly services: HostServices) {
    this.ports = new HostPorts(services.portsState ?? null);
    const scope: HostScope = {
      services,
      current: () => this.session,
      session: () => this.require(),
      instance: (id) => this.requireInstance(id),
      openProject: (dir, procfile, source) => this.openProject(dir, procfile, source),
      remember: () => this.remember(),
      logHandles: this.logHandles,
      search: this.search,
      ports: this.ports,
    };
    // Spelled out, so a contract call without a handler (or an area without its map) fails the build here.
    this.calls = {
      ...appCalls(scope),
      ...projectCalls(scope),
      ...processCalls(scope),
      ...typeCalls(scope),
      ...outputCalls(scope),
      ...formationCalls(scope),
      ...linkCalls(scope),
      ...environmentCalls(scope),
      ...editorCalls(scope),
      ...searchCalls(scope),
      ...portsCalls(scope),
    };
    this.notifications = notificationHandlers(scope);
  }

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
    const searchOwner: SearchOwner = { sendSearch: (payload) => client.send({ event: 'search', payload }) };
    this.searchOwners.set(client, searchOwner);
    client.send({ event: 'snapshot', payload: this.session?.snapshot() ?? null });
    if (this.observations) client.send({ event: 'observations', payload: this.observations.current(true) });
    return () => {
      this.search.forget(searchOwner);
      this.searchOwners.delete(client);
      pump.dispose();
      this.clients.delete(client);
    };
  }

  /** Answers one call; never throws, whatever arrives. */
  async dispatch(client: HostClient, name: unknown, params: unknown): Promise<CallResult<unknown>> {
    const validation = validateCall(name, params);
    if (!validation.ok) return failure(validation.code, validation.message);
    const { call } = validation;
    try {
      return { ok: true, value: await runCall(this.calls, call.name, call.params, this.viewOf(client)) };
    } catch (error) {
      return failureOf(error);
    }
  }

  /**
   * Carries out one one-way message; never throws. The transports send nothing back: the
   * outcome is returned for tests and logs only.
   */
  notify(client: HostClient, name: unknown, params: unknown): CallResult<null> {
    const validation = validateNotification(name, params);
    if (!validation.ok) return failure(validation.code, validation.message);
    const { call } = validation;
    try {
      runNotification(this.notifications, call.name, call.params, this.viewOf(client));
      return { ok: true, value: null };
    } catch (error) {
      const outcome = failureOf(error);
      if (!outcome.ok && outcome.error.code === 'refused')
        this.tellRefused(client, call.params.instance, outcome.error.message);
      return outcome;
    }
  }

  /**
   * A refused notification (keystrokes to a child that does not read them) is told to the
   * view that sent it, as a warning: once per instance every REFUSAL_NOTICE_MS, not once per key.
   */
  private tellRefused(client: HostClient, instance: InstanceId, message: string): void {
    const now = Date.now();
    const told = this.refusalsTold.get(client) ?? new Map<InstanceId, number>();
    this.refusalsTold.set(client, told);
    if (now - (told.get(instance) ?? -Infinity) < REFUSAL_NOTICE_MS) return;
    told.set(instance, now);
    client.send({ event: 'notice', payload: { level: 'warning', message, at: now, instance } });
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
    const file = runner.logFiles.find((f) =>
      stream === 'stderr' ? f.endsWith('.stderr.log') : !f.endsWith('.stderr.log'),
    );
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
    this.ports.release();
    const session = this.session;
    if (!session) return;
    await session.close();
  }

  private async openNow(dir: string, procfileName: string | undefined, source: OpenSource): Promise<ProjectSnapshot> {
    // Everything that can refuse comes first: a refused or broken open leaves the running formation as it is.
    const saved = isAbsolute(dir) ? this.services.saved?.(dir) : undefined;
    const resolved = await resolveOpen(
      dir,
      procfileName ?? saved?.procfile ?? 'Procfile',
      this.services.logRoot ? [this.services.logRoot] : [],
    );
    if (!resolved.ok) throw new HostCallError(resolved.code, resolved.message);
    await this.authorize({ dir: resolved.dir, procfile: resolved.procfile, source }, resolved.procfilePath);

    const first = this.firstProjectUsed ? undefined : this.services.firstProject;
    const files = projectFiles({
      cwd: resolved.dir,
      dir: resolved.dir,
      procfile: resolved.procfilePath,
      envFiles: first?.envFiles,
    });
    const { spawner, warning } = await selectSpawner(this.services.spawnerKind);
    if (warning) this.services.warn?.(warning);
    const logDir = this.logDirFor(resolved.dir);
    const opened = await ProjectSession.open({
      files,
      settings: {
        formation: first?.formation ?? null,
        portFlag: first?.port ?? this.ports.rememberedBase(resolved.dir)?.toString(),
        processEnv: this.services.processEnv,
      },
      defaultPolicy: this.services.defaultPolicy,
      overrides: { scale: saved?.scale, policies: saved?.policies },
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
      throw new HostCallError(
        'failed',
        first ? `${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}` : 'cannot open',
      );
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
    const observations = feedObservations(session.supervisor, this.services.observer ?? sharedObserver(), (payload) =>
      this.broadcast({ event: 'observations', payload }),
    );
    this.observations = observations;
    this.detachSession = () => {
      stopOutput();
      stopEvents();
      observations.close();
      if (this.observations === observations) this.observations = null;
      this.ports.release();
    };
    const { types } = session.snapshot();
    if (types.length > 0) this.ports.opened(resolved.dir, Math.min(...types.map((t) => t.basePort)), types.length);
    session.supervisor.start({ scope: 'all' });
    this.remember();
    return session.snapshot();
  }

  /** The session speaks the contract already: its events go out as they are, but for the core's own stop-all. */
  private forward(event: ProjectEvent): void {
    switch (event.event) {
      case 'stop-all':
        return this.broadcast({
          event: 'notice',
          payload: {
            level: 'warning',
            message: `${event.payload.instance} exited; its policy stops the whole formation`,
            at: Date.now(),
          },
        });
      case 'instance-removed':
        for (const pump of this.clients.values()) pump.forget(event.payload.id);
        return this.broadcast(event);
      case 'snapshot':
      case 'instance':
      case 'types':
      case 'crash':
      case 'notice':
      case 'diagnostics':
        return this.broadcast(event);
      default:
        return assertNever(event, 'project event');
    }
  }

  private broadcast(message: EventMessage): void {
    for (const client of this.clients.keys()) client.send(message);
  }

  private remember(): void {
    if (this.session) this.services.remember?.(this.session.snapshot());
  }

  private viewOf(client: HostClient): ViewScope {
    return { pump: this.clients.get(client), searchOwner: this.searchOwners.get(client) };
  }

  private require(): ProjectSession {
    if (!this.session) throw new HostCallError('no-project', 'no project is open');
    return this.session;
  }

  private requireInstance(id: InstanceId): InstanceRunner {
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
        if (!confirm)
          throw new HostCallError(
            'refused',
            `opening ${request.dir} needs your confirmation, and this host cannot ask`,
          );
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

function failureOf(error: unknown): CallResult<never> {
  if (error instanceof HostCallError) return failure(error.code, error.message);
  if (error instanceof UnknownProcessError) return failure('not-found', error.message);
  return failure('failed', error instanceof Error ? error.message : String(error));
}

function failure(code: CallErrorCode, message: string): CallResult<never> {
  const error: CallError = { code, message };
  return { ok: false, error };
}
