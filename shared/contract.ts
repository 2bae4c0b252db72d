/**
 * The one contract between a host (Electron main, `procdeck serve`) and the renderer.
 *
 * Every request/response call is declared once in `Calls`, every pushed event once in
 * `Events`. The preload, the IPC handlers, the WebSocket host and the renderer bridge
 * are generic over these maps, so renaming or reshaping a channel breaks the build on
 * every side. The renderer names processes only by id: no call carries a command line,
 * an environment or a working directory.
 */
import type { Arrivals } from './arrival-times';
import type { EditorSetting } from './editor-choice';
import type { InstanceEnvironment } from './environment';
import type {
  CrashRecord,
  Diagnostic,
  ExitPolicy,
  InstanceId,
  InstanceSnapshot,
  Notice,
  OutputStream,
  ProcessTypeSnapshot,
  ProjectSnapshot,
} from './model';

/** Which processes a start/stop/restart applies to. */
export type Target =
  | { readonly scope: 'all' }
  | { readonly scope: 'type'; readonly type: string }
  | { readonly scope: 'instance'; readonly instance: InstanceId };

/** Signals a user may send from the UI. */
export const USER_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGKILL', 'SIGUSR1', 'SIGUSR2'] as const;
export type UserSignal = (typeof USER_SIGNALS)[number];

export interface RecentProject {
  readonly dir: string;
  readonly name: string;
  readonly openedAt: number;
}

/** What the host can do; the renderer hides what the host lacks. */
export interface HostInfo {
  readonly kind: 'electron' | 'web';
  readonly version: string;
  /** A native folder picker exists (`app.pickFolder`). */
  readonly canPickFolder: boolean;
  /** The export can be saved to a folder the user picks natively (`formation.exportToFolder`). */
  readonly canSaveToFolder: boolean;
  /** Save range… writes through a native save dialog (`output.saveRange`); else the view downloads the file. */
  readonly canSaveFile: boolean;
  readonly platform: string;
}

/** What `procdeck export` and the dashboard's Export… can write. */
export const EXPORT_FORMATS = ['systemd', 'supervisord', 'kubernetes', 'compose', 'launchd'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The live formation exported for one engine: the files (by name in their folder) and how to install them. */
export interface FormationExport {
  readonly format: ExportFormat;
  readonly app: string;
  /** The folder the install lines name (the zip's top folder): `APP-FORMAT`. */
  readonly folder: string;
  readonly files: readonly { readonly path: string; readonly text: string }[];
  /** Where each value went, what has no equivalent on this engine. */
  readonly notes: readonly string[];
  readonly install: readonly string[];
}

/** Export… › Save to folder…: what was written where, or the user backed out (nothing written). */
export type FolderExportResult =
  | {
      readonly kind: 'saved';
      /** The folder written to, absolute. */
      readonly dir: string;
      /** File names written into `dir`, and stale ones of an earlier export removed from it. */
      readonly written: readonly string[];
      readonly removed: readonly string[];
      /** The install lines, naming `dir` instead of the export's folder name. */
      readonly install: readonly string[];
    }
  | { readonly kind: 'cancelled' };

export interface Calls {
  'app.info': { params: Record<string, never>; result: HostInfo };
  'app.recentProjects': { params: Record<string, never>; result: readonly RecentProject[] };
  /** Shows the native folder dialog; null when cancelled. Electron only. */
  'app.pickFolder': { params: Record<string, never>; result: string | null };
  'project.open': { params: { readonly dir: string; readonly procfile?: string | undefined }; result: ProjectSnapshot };
  /** Switch to another Procfile variant of the open project, by file name (`Procfile.dev`). */
  'project.selectProcfile': { params: { readonly procfile: string }; result: ProjectSnapshot };
  'project.reload': { params: Record<string, never>; result: ProjectSnapshot };
  'project.snapshot': { params: Record<string, never>; result: ProjectSnapshot | null };
  'process.start': { params: { readonly target: Target }; result: null };
  'process.stop': { params: { readonly target: Target }; result: null };
  'process.restart': { params: { readonly target: Target }; result: null };
  'process.signal': { params: { readonly instance: InstanceId; readonly signal: UserSignal }; result: null };
  'type.scale': { params: { readonly type: string; readonly count: number }; result: null };
  'type.setPolicy': { params: { readonly type: string; readonly policy: ExitPolicy }; result: null };
  /** Start streaming these instances' output to this view, buffered output first. */
  'output.subscribe': { params: { readonly instances: readonly InstanceId[] }; result: null };
  'output.unsubscribe': { params: { readonly instances: readonly InstanceId[] }; result: null };
  /** The buffered output as text (lossy UTF-8), for copy and export. */
  'output.read': {
    params: { readonly instance: InstanceId; readonly maxBytes?: number | undefined };
    result: { readonly text: string; readonly start: number; readonly end: number };
  };
  /**
   * timestamps (issue 13): the lines of these instances whose first byte arrived from `from`
   * to `to` (epoch ms, inclusive), from what the host still buffers, as plain text (colours
   * and other escape sequences left out), oldest first across the instances.
   */
  'output.range': { params: OutputRangeQuery; result: OutputRange };
  /**
   * Save range… in the desktop app: the lines of a time range, or a terminal's selected
   * lines, written to a file chosen in a native save dialog. `unsupported` in the web view,
   * which downloads the file itself (`output.range`).
   */
  'output.saveRange': { params: SaveRangeRequest; result: SavedRange };
  /**
   * A single-use handle to download an instance's full log (`procdeck serve`: `/log/<handle>`,
   * see shared/wire.ts), valid for a minute. `stderr`: the stderr log of a pipe instance.
   * No path of a log file ever crosses the contract.
   */
  'output.logHandle': {
    params: { readonly instance: InstanceId; readonly stream?: 'stderr' | undefined };
    result: { readonly handle: string };
  };
  /** The formation as it runs now (scale and policies included) as one engine's files; writes nothing. */
  'formation.export': { params: { readonly format: ExportFormat }; result: FormationExport };
  /** The same export written to a folder chosen in a native dialog, as `procdeck export -o` writes it. Desktop only. */
  'formation.exportToFolder': { params: { readonly format: ExportFormat }; result: FolderExportResult };
  /** Open an http(s) link from the output in the system browser, after a click. */
  'link.open': { params: { readonly url: string }; result: null };

  // envview (issue 13): an instance's environment with origins, and files opened outside the app.
  /** One run's environment (default: the latest run), each variable with its origin, and what a restart would change. */
  'instance.environment': {
    params: { readonly instance: InstanceId; readonly run?: number | undefined };
    result: InstanceEnvironment;
  };
  /**
   * Open `path:line` from the output in the user's editor (`$VISUAL`, `$EDITOR`), after a click.
   * Relative paths are the project's; anything outside the project folder is refused.
   */
  'editor.open': {
    params: { readonly path: string; readonly line?: number | undefined; readonly column?: number | undefined };
    result: null;
  };

  // workbench (issue 13): "Full log" in the desktop app.
  /**
   * Opens an instance's full log in the user's default viewer (desktop: `shell.openPath`),
   * right after a click. `unsupported` in the web view, which downloads it (`output.logHandle`).
   */
  'log.open': { params: { readonly instance: InstanceId; readonly stream?: 'stderr' | undefined }; result: null };
  // workbench (issue 13): the editor `editor.open` starts, chosen in the app and remembered per user.
  /** The chosen editor, $VISUAL/$EDITOR, and which of them a file link starts now. */
  'editor.setting': { params: Record<string, never>; result: EditorSetting };
  /**
   * Remembers the editor for file links (null: forget the choice, the environment decides):
   * a command name or an absolute path, never a shell string (shared/editor-choice.ts).
   */
  'editor.choose': { params: { readonly command: string | null }; result: EditorSetting };

  // --- Search all output (issue 13): every instance's full log on disk, in a worker. ---
  /**
   * Starts a search; its matches stream to this view as `search` events with the id
   * returned. A view has one search at a time: starting another cancels the one before.
   */
  'search.start': { params: SearchQuery; result: { readonly search: number } };
  /** Stops a search of this view; its `done` event says `cancelled`. Unknown or finished ids are ignored. */
  'search.cancel': { params: { readonly search: number }; result: null };
  /**
   * Up to `maxBytes` of an instance's full log from `offset` (a byte offset in that log, as
   * a search match gives it), as text starting at a line: the full log at a match that has
   * left the terminal's scrollback.
   */
  'search.readLog': {
    params: {
      readonly instance: InstanceId;
      readonly stream: OutputStream;
      readonly offset: number;
      readonly maxBytes?: number | undefined;
    };
    result: LogExcerpt;
  };
  // Ports (issue 11): who holds an instance's PORT, and stopping that holder when it is the user's.
  /** Who listens on this instance's PORT now; null when it is free. */
  'ports.holder': { params: { readonly instance: InstanceId }; result: PortHolder | null };
  /**
   * Stops (SIGTERM) the process holding this instance's PORT, then starts the instance once the
   * port is free. Refused unless that holder is still `pid`, runs as this user, and is not one of this formation's.
   */
  'ports.stopHolder': { params: { readonly instance: InstanceId; readonly pid: number }; result: null };
  // Ports (issue 11, ports2): two open projects whose port ranges overlap.
  /** Whether the open project's ports overlap another open project's (with the next free base); null when they do not. */
  'ports.offer': { params: Record<string, never>; result: PortRangeOffer | null };
  /** Moves the open project to base `basePort`, remembered for its folder: the project is opened again there. */
  'ports.moveBase': { params: { readonly basePort: number }; result: ProjectSnapshot };
}

// --- Timestamps and Save range… (issue 13) ---

export interface OutputRangeQuery {
  readonly instances: readonly InstanceId[];
  /** Arrival times, epoch ms, inclusive. */
  readonly from: number;
  readonly to: number;
}

/** One line of output, as plain text, with the arrival time of its first byte. */
export interface TimedLine {
  readonly instance: InstanceId;
  readonly at: number;
  readonly text: string;
}

export interface OutputRange {
  /** By arrival time (an instance's lines in their order). */
  readonly lines: readonly TimedLine[];
  /** More fell in the range than OUTPUT_RANGE_LIMITS allow: these are its first lines. */
  readonly clipped: boolean;
  /** When the oldest byte still buffered for these instances arrived (null: nothing buffered); older lines are in the full logs only. */
  readonly heldSince: number | null;
}

/** Which terminal a save comes from: it names the file, and the merged view's lines keep their `web.1 |` label. */
export type RangeView = InstanceId | 'merged';

export type SaveRangeRequest =
  | ({ readonly kind: 'time'; readonly view: RangeView } & OutputRangeQuery)
  /** The selected lines as the terminal shows them (plain text already). */
  | { readonly kind: 'selection'; readonly view: RangeView; readonly text: string };

export type SavedRange =
  | { readonly kind: 'saved'; readonly path: string; readonly lines: number; readonly clipped: boolean }
  | { readonly kind: 'cancelled' };

export const OUTPUT_RANGE_LIMITS = {
  /** Characters of a saved range (its lines, times and labels included); a longer one is clipped. */
  textChars: 4 * 1024 * 1024,
  lines: 100_000,
  /** A selection the desktop view hands to the host to save: it travels in one call (LIMITS.maxMessageBytes). */
  selectionBytes: 200 * 1024,
} as const;

// --- Search all output (issue 13) ---

/** What to look for, and where: every instance when neither `types` nor `instances` is given. */
export interface SearchQuery {
  readonly text: string;
  /** `text` is a JavaScript regular expression (else plain text). */
  readonly regex: boolean;
  readonly caseSensitive: boolean;
  /** Only instances of these types. */
  readonly types?: readonly string[] | undefined;
  /** Only these instances (with `types`: instances of those types and these). */
  readonly instances?: readonly InstanceId[] | undefined;
}

/** One line of a log that matches: where it is, its text, and the matches in it. */
export interface SearchMatch {
  readonly instance: InstanceId;
  /** Which log: the PTY's, or a pipe's stdout or stderr. */
  readonly stream: OutputStream;
  /** Byte offset of the line's first byte in that log (for a PTY instance, in its output too). */
  readonly offset: number;
  /** The line (its control sequences kept), at most SEARCH_LIMITS.lineChars characters of it around the first match. */
  readonly text: string;
  /** Start and end (UTF-16 indexes into `text`) of each match, in order: `[s0, e0, s1, e1, …]`. */
  readonly ranges: readonly number[];
  /** `text` is a part of a longer line. */
  readonly clipped: boolean;
}

/** Matching lines per instance so far (all of them, also those past the result limit). */
export interface SearchCount {
  readonly instance: InstanceId;
  readonly lines: number;
}

export type SearchEvent =
  | {
      readonly kind: 'matches';
      readonly search: number;
      readonly matches: readonly SearchMatch[];
      readonly counts: readonly SearchCount[];
    }
  | {
      readonly kind: 'done';
      readonly search: number;
      /** `limited`: more lines matched than SEARCH_LIMITS.results; the counts have them all. */
      readonly outcome: 'complete' | 'limited' | 'cancelled' | 'timed-out' | 'failed';
      readonly counts: readonly SearchCount[];
      /** Bytes of log read, and how long the search took. */
      readonly bytes: number;
      readonly elapsedMs: number;
      readonly message?: string | undefined;
    };

/** Part of a full log, from the start of a line. */
export interface LogExcerpt {
  readonly text: string;
  /** Byte offsets of the excerpt in the log, and the log's size. */
  readonly start: number;
  readonly end: number;
  readonly size: number;
}

export const SEARCH_LIMITS = {
  /** Longest search text. */
  textChars: 1000,
  /** Matching lines sent per search; more are counted, not sent. */
  results: 5000,
  /** Characters of a matching line sent. */
  lineChars: 400,
  /** A search still running after this is stopped. */
  timeoutMs: 120_000,
  /** Largest `search.readLog`. */
  excerptBytes: 256 * 1024,
} as const;

export type CallName = keyof Calls;
export type CallParams<K extends CallName> = Calls[K]['params'];
export type CallResultValue<K extends CallName> = Calls[K]['result'];

/**
 * One-way messages from the view: sent often (every keystroke, every written batch, every
 * resize), answered never. They pay for no reply on either transport: a WebSocket text
 * frame without an id, an IPC `send` without `invoke`. A refused or failed notification
 * is dropped; what it changed (or did not) shows in the events.
 */
export interface Notifications {
  /** The view has written `bytes` more of this instance's output: credit for more. */
  'output.ack': { readonly instance: InstanceId; readonly bytes: number };
  /** Keystrokes (or pasted text) for the instance's terminal or stdin. */
  'instance.input': { readonly instance: InstanceId; readonly data: string };
  'instance.resize': { readonly instance: InstanceId; readonly cols: number; readonly rows: number };
}

export type NotificationName = keyof Notifications;
export type NotificationParams<K extends NotificationName> = Notifications[K];

export type CallErrorCode =
  | 'invalid-request'
  | 'unknown-call'
  | 'not-found'
  | 'no-project'
  | 'unsupported'
  /** Not allowed here: a folder outside what this host may open, a log offered as a Procfile. */
  | 'refused'
  | 'failed';

export interface CallError {
  readonly code: CallErrorCode;
  readonly message: string;
}

/** Calls never throw across the boundary: they answer with a value or a typed error. */
export type CallResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CallError };

/** A batch of one instance's output. `offset` is the position of `data[0]` in its stream of bytes. */
export interface OutputBatch {
  readonly instance: InstanceId;
  readonly offset: number;
  readonly stream: OutputStream;
  readonly data: Uint8Array;
  /** When its bytes arrived at the host (shared/arrival-times.ts): a pair of numbers per chunk at most. */
  readonly arrivals: Arrivals;
  /**
   * The first batch since this view subscribed (the start of a replay of the buffer): what
   * came before it on this stream belonged to an earlier subscription.
   */
  readonly first: boolean;
}

/** The view fell behind: the host skipped `skipped` bytes and resumes at `resumeAt`. */
export interface OutputGap {
  readonly instance: InstanceId;
  readonly skipped: number;
  readonly resumeAt: number;
}

export interface Events {
  /** The whole state; sent first to every new subscriber, and after a project change. */
  snapshot: ProjectSnapshot | null;
  instance: InstanceSnapshot;
  'instance-removed': { readonly id: InstanceId };
  types: readonly ProcessTypeSnapshot[];
  crash: CrashRecord;
  diagnostics: readonly Diagnostic[];
  notice: Notice;
  output: OutputBatch;
  'output-gap': OutputGap;
  /** Desktop only: the shell asks the view to show something (never sent by `procdeck serve`). */
  shell: ShellEvent;
  /** Search all output (issue 13): matches of this view's search, then its end. Sent only to the view that asked. */
  search: SearchEvent;
  // Ports and resources (issue 11): at most once a second, what each live instance's tree listens on and costs.
  observations: ObservationsEvent;
}

// ---- Ports and resources (issue 11) ------------------------------------------------------

/** A TCP socket in LISTEN state held by a process of an instance's tree. */
export interface ListeningSocket {
  /** The bind address as the kernel reports it: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, … */
  readonly address: string;
  readonly port: number;
  /** The process of the tree holding it. */
  readonly pid: number;
}

/** One point of an instance's 60-second history (the sparkline). */
export interface ResourceSample {
  readonly at: number;
  readonly cpuPercent: number;
  readonly rssBytes: number;
}

/** One live instance's latest observation. */
export interface InstanceResources {
  readonly instance: InstanceId;
  /** Sorted by port, then address. */
  readonly sockets: readonly ListeningSocket[];
  /** Of one core, over the tree (two busy cores read 200). */
  readonly cpuPercent: number;
  /** Resident memory summed over the tree. */
  readonly rssBytes: number;
  readonly processes: number;
  readonly at: number;
  /** Sentences worth a warning: a type ignoring $PORT, memory grown past its first minute's. */
  readonly warnings: readonly string[];
  /** The last 60 s, oldest first: only in the first event a view gets; later ones carry the newest point only. */
  readonly history?: readonly ResourceSample[];
}

/** Who holds a TCP port in LISTEN state: the pre-spawn check's answer. */
export interface PortHolder {
  readonly port: number;
  readonly address: string;
  /** null when the socket is visible but its process is not (another user's, or a container's). */
  readonly pid: number | null;
  /** The holder's command line, '' when unknown. */
  readonly command: string;
  /** When the holder is an instance of a Procdeck formation: its name (`web.1`, from PS). */
  readonly procdeckInstance: string | null;
  /** The holder's working directory (a Procdeck instance's: its project's folder); null when unreadable. */
  readonly directory: string | null;
  /** True when the holder runs as this user (so offering to stop it makes sense). */
  readonly ours: boolean;
}

/** The open project's ports overlap those of another project open in a Procdeck host of this user (ports2). */
export interface PortRangeOffer {
  /** This project's range: a block of 100 per type from its base. */
  readonly from: number;
  readonly to: number;
  /** The project it overlaps, and the host process that has it open. */
  readonly other: {
    readonly name: string;
    readonly dir: string;
    readonly pid: number;
    readonly from: number;
    readonly to: number;
  };
  /** The next free base (5000, 6000, …); null when no base up to 65535 is free. */
  readonly base: number | null;
}

export interface ObservationsEvent {
  /** Every live instance observed on this tick (an instance missing from it is not running). */
  readonly instances: readonly InstanceResources[];
}

/**
 * What the desktop shell (Electron main) asks a window's view to show. The shell also
 * shows what it can natively (window title, progress bar), so a view that ignores a kind
 * loses polish, not function.
 */
export type ShellEvent =
  /** A crash notification was clicked: open this instance's crash panel. */
  | { readonly kind: 'reveal-crash'; readonly instance: InstanceId; readonly at: number }
  /** File › Export… was chosen: open the export dialog. */
  | { readonly kind: 'open-export'; readonly at: number }
  /** The window's formation is being stopped because the window closes or the app quits. */
  | { readonly kind: 'shutdown'; readonly progress: ShutdownProgress };

export interface ShutdownProgress {
  readonly reason: 'quit' | 'close';
  /** `done`: every process is gone; the window closes next. */
  readonly phase: 'stopping' | 'done';
  /** Instances whose processes are still being stopped. */
  readonly stopping: readonly {
    readonly id: InstanceId;
    readonly pid: number;
    /** When this instance gets SIGKILL (epoch ms); already past when `escalated`. */
    readonly killAt: number;
    readonly escalated: boolean;
  }[];
  /** When the last graceful stop turns into SIGKILL (epoch ms); null when none is pending. */
  readonly killAt: number | null;
  /** A second quit or close request asked to kill at once. */
  readonly forced: boolean;
}

export type EventName = keyof Events;

/** An event as it crosses a transport. */
export type EventMessage = { [K in EventName]: { readonly event: K; readonly payload: Events[K] } }[EventName];

/** Limits every host enforces on what enters it. */
export const LIMITS = {
  /** Largest serialized call a host accepts. */
  maxMessageBytes: 256 * 1024,
  maxInputBytes: 64 * 1024,
  /** Input a child has not read yet, past which `instance.input` is refused (a child that never reads stdin). */
  maxPendingInputBytes: 1024 * 1024,
  maxPathLength: 4096,
  maxNameLength: 256,
  maxScale: 100,
  maxSubscribe: 500,
  maxUrlLength: 2048,
} as const;
