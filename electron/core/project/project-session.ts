/**
 * An open project: its files, its running formation, and live reloads when the Procfile
 * or an env file changes on disk.
 *
 * A reload that fails (a parse error, a half-written or deleted file) keeps the last good
 * formation running and reports why; a good one is applied as a diff by the supervisor.
 */
import { basename } from 'node:path';
import type { EventMessage } from '../../../shared/contract';
import type { Diagnostic, ExitPolicy, ProjectSnapshot } from '../../../shared/model';
import { findProcfiles } from '../procfile/read-procfile';
import { createRunnerEnvironment, type RuntimeOptions } from '../supervisor/runner-environment';
import { Supervisor, type FormationSettings, type SupervisorEvent } from '../supervisor/supervisor';
import { loadProject, policyResolver, type LoadedProject, type ProjectFiles, type ProjectSettings } from './load-project';
import { watchProjectFiles, type FileWatch } from './watch-project-files';

export interface SessionOptions {
  readonly files: ProjectFiles;
  readonly settings: ProjectSettings;
  readonly defaultPolicy: ExitPolicy;
  readonly policies?: ReadonlyMap<string, ExitPolicy>;
  readonly graceMs: number;
  readonly stopSignal?: NodeJS.Signals;
  readonly runtime: RuntimeOptions;
  /** Reload when the Procfile or an env file changes. */
  readonly watch: boolean;
  readonly watchDebounceMs?: number;
  /** How long a Procfile without a final line break must stay unchanged before it applies. */
  readonly settleMs?: number;
}

/**
 * What a session tells its subscribers: the contract's event shapes (a new subscriber gets
 * the project's `snapshot` first), plus the supervisor's `stop-all`.
 */
export type ProjectEvent =
  | { readonly event: 'snapshot'; readonly payload: ProjectSnapshot }
  | Exclude<SupervisorEvent, { event: 'formation' }>
  | Extract<EventMessage, { event: 'diagnostics' }>;

export type OpenResult =
  | { readonly ok: true; readonly session: ProjectSession }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export class ProjectSession {
  private readonly listeners = new Set<(event: ProjectEvent) => void>();
  private diagnostics: readonly Diagnostic[];
  private watch: FileWatch | null = null;
  private reloading: Promise<void> = Promise.resolve();
  private readonly policies: Map<string, ExitPolicy>;
  /** The fingerprint of a Procfile that ended without a line break, given time to settle. */
  private settling: string | null = null;
  private settleTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly options: SessionOptions,
    private loaded: LoadedProject,
    private procfiles: readonly string[],
    readonly supervisor: Supervisor,
  ) {
    this.diagnostics = loaded.diagnostics;
    this.policies = new Map(options.policies ?? []);
    supervisor.subscribe((event) => {
      if (event.event !== 'formation') this.emit(event);
    });
    if (options.watch) {
      this.watch = watchProjectFiles(
        options.files.dir,
        [options.files.procfile, ...options.files.envFiles],
        options.watchDebounceMs ?? 300,
        () => void this.reload(),
      );
    }
  }

  static async open(options: SessionOptions): Promise<OpenResult> {
    const [result, procfiles] = await Promise.all([loadProject(options.files, options.settings), findProcfiles(options.files.dir)]);
    if (!result.ok) return result;
    const policies = new Map(options.policies ?? []);
    const supervisor = new Supervisor(
      settingsFor(options, result.project, policyResolver(options.defaultPolicy, policies)),
      createRunnerEnvironment(options.runtime),
    );
    return { ok: true, session: new ProjectSession(options, result.project, procfiles, supervisor) };
  }

  get files(): ProjectFiles {
    return this.options.files;
  }

  subscribe(listener: (event: ProjectEvent) => void): () => void {
    listener({ event: 'snapshot', payload: this.snapshot() });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ProjectSnapshot {
    const { files, graceMs, runtime } = this.options;
    return {
      dir: files.dir,
      name: basename(files.dir),
      procfile: files.procfile,
      procfiles: this.procfiles,
      envFiles: this.loaded.envFiles,
      spawner: runtime.spawner.kind,
      graceMs,
      types: this.supervisor.typeSnapshots(),
      instances: this.supervisor.instanceSnapshots(),
      diagnostics: this.diagnostics,
    };
  }

  setPolicy(type: string, policy: ExitPolicy): void {
    this.policies.set(type, policy);
    this.supervisor.setPolicy(type, policy);
  }

  /** Re-reads the files and applies the difference; keeps the last good formation on error. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadNow());
    return this.reloading;
  }

  /** Stops the formation and the file watch. */
  async close(): Promise<void> {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.watch?.close();
    this.watch = null;
    await this.supervisor.dispose();
  }

  private async reloadNow(): Promise<void> {
    const { files, settings } = this.options;
    const [result, procfiles] = await Promise.all([loadProject(files, settings), findProcfiles(files.dir)]);
    this.procfiles = procfiles;
    if (!result.ok) {
      const procfileMissing = result.diagnostics.some((d) => d.file === files.procfile && /not found/.test(d.message));
      const keep: Diagnostic = {
        severity: 'warning',
        file: files.procfile,
        line: 0,
        message: procfileMissing
          ? 'the Procfile was deleted; the formation keeps running as it was'
          : 'the files have errors; the last good formation keeps running',
      };
      this.setDiagnostics([...result.diagnostics, keep]);
      return;
    }
    const loaded = result.project;
    if (loaded.unfinished && loaded.fingerprint !== this.settling) {
      // No final line break: an editor may still be writing. Apply it only if it stays so.
      this.settling = loaded.fingerprint;
      this.setDiagnostics([
        ...loaded.diagnostics,
        { severity: 'warning', file: files.procfile, line: 0, message: 'the Procfile looks half-written (no line break at its end); waiting a moment for the rest' },
      ]);
      this.settleTimer = setTimeout(() => void this.reload(), this.options.settleMs ?? 1000);
      return;
    }
    this.settling = null;
    const scaleNow = new Map(this.supervisor.typeSnapshots().map((t) => [t.name, t.scale]));
    this.loaded = loaded;
    // Types already running keep their current scale; only new ones take the formation rule.
    const scale = new Map([...loaded.scale].map(([name, count]) => [name, scaleNow.get(name) ?? count]));
    await this.supervisor.update(
      settingsFor(this.options, { ...loaded, scale }, policyResolver(this.options.defaultPolicy, this.policies)),
      (type) => loaded.scale.get(type) ?? 0,
    );
    this.setDiagnostics(loaded.diagnostics);
  }

  private setDiagnostics(diagnostics: readonly Diagnostic[]): void {
    this.diagnostics = diagnostics;
    this.emit({ event: 'diagnostics', payload: diagnostics });
  }

  private emit(event: ProjectEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function settingsFor(options: SessionOptions, project: LoadedProject, policyFor: (type: string) => ExitPolicy): FormationSettings {
  return {
    cwd: options.files.dir,
    types: project.types,
    scale: project.scale,
    env: project.env,
    basePort: project.basePort,
    policyFor,
    stopSignal: options.stopSignal ?? 'SIGTERM',
    graceMs: options.graceMs,
  };
}

