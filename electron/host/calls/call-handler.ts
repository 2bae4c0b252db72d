/**
 * The server side of the contract, typed by it: one handler per call, grouped by area
 * (`app.*`, `project.*`, …), each taking the call's validated parameters and returning
 * exactly the contract's result type. A handler that returns the wrong shape, a call
 * without a handler or a handler for no call fails the build.
 *
 * Handlers throw `HostCallError` for a typed refusal; ProjectHost turns every throw into a
 * `CallResult` error, so nothing a handler does crosses a transport as an exception.
 */
import type {
  CallErrorCode,
  CallName,
  CallParams,
  CallResultValue,
  NotificationName,
  NotificationParams,
} from '../../../shared/contract';
import type { InstanceId, ProjectSnapshot } from '../../../shared/model';
import type { InstanceRunner } from '../../core/instance/instance-runner';
import type { ProjectSession } from '../../core/project/project-session';
import type { HostServices } from '../host-services';
import type { LogHandles } from '../log-handles';
import type { OpenSource } from '../open-policy';
import type { OutputPump } from '../output-pump';
import type { HostPorts } from '../ports/host-ports';
import type { SearchOwner, SearchService } from '../search/search-service';

/** What a handler may use of the host. */
export interface HostScope {
  readonly services: HostServices;
  /** The open project, or null. */
  current(): ProjectSession | null;
  /** The open project; throws `no-project` when there is none. */
  session(): ProjectSession;
  /** An instance of the open project; throws `no-project` or `not-found`. */
  instance(id: InstanceId): InstanceRunner;
  openProject(dir: string, procfile: string | undefined, source: OpenSource): Promise<ProjectSnapshot>;
  /** Hands the open project's settings to the host to persist. */
  remember(): void;
  readonly logHandles: LogHandles<LogTarget>;
  /** Search all output (issue 13): the host's searches. */
  readonly search: SearchService;
  /** Ports (issue 11, ports2): the open project's range among the other open projects'. */
  readonly ports: HostPorts;
}

/** What a log handle stands for: one stream of one instance of one session. */
export interface LogTarget {
  readonly session: ProjectSession;
  readonly instance: InstanceId;
  readonly stream: 'out' | 'stderr';
}

/** The view a call came from: its output pump (absent once it has detached). */
export interface ViewScope {
  readonly pump: OutputPump | undefined;
  /** Search all output (issue 13): where this view's search events go (absent once it has detached). */
  readonly searchOwner?: SearchOwner | undefined;
}

export type CallHandler<K extends CallName> = (
  params: CallParams<K>,
  view: ViewScope,
) => CallResultValue<K> | Promise<CallResultValue<K>>;

/** The calls of one area: `AreaCalls<'process'>` is `'process.start' | 'process.stop' | …`. */
export type AreaCalls<Area extends string> = Extract<CallName, `${Area}.${string}`>;

export type AreaHandlers<Area extends string> = { readonly [K in AreaCalls<Area>]: CallHandler<K> };

export type CallHandlers = { readonly [K in CallName]: CallHandler<K> };

/** A one-way message's server side: nothing to return, nobody waiting. */
export type NotificationHandler<K extends NotificationName> = (params: NotificationParams<K>, view: ViewScope) => void;

export type NotificationHandlers = { readonly [K in NotificationName]: NotificationHandler<K> };

/** A typed refusal from a handler. */
export class HostCallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs the handler of one validated call. The one place the call's name and parameters
 * are correlated: TypeScript cannot see that `params` belongs to `name` once both come out
 * of the `ValidCall` union, so the pairing the validator made is taken as given here.
 */
export function runCall<K extends CallName>(
  handlers: CallHandlers,
  name: K,
  params: CallParams<K>,
  view: ViewScope,
): Promise<CallResultValue<K>> {
  const handler: CallHandler<K> = handlers[name];
  return Promise.resolve(handler(params, view));
}

export function runNotification<K extends NotificationName>(
  handlers: NotificationHandlers,
  name: K,
  params: NotificationParams<K>,
  view: ViewScope,
): void {
  const handler: NotificationHandler<K> = handlers[name];
  handler(params, view);
}
