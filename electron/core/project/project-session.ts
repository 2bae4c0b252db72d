/**
 * An open project: its files, its running formation, and live reloads when the Procfile
 * or an env file changes on disk.
 *
 * A reload that fails (a parse error, a half-written or deleted file) keeps the last good
 * formation running and reports why; a good one is applied as a diff by the supervisor.
 *
 * The session owns the formation's changes: restored state at open, a slider move, a
 * policy change and a reload each build a new formation value (formation-value.ts) and hand
 * it to the supervisor's one `reconcile`, which holds the value as applied (there is no
 * second copy here to go stale).
 */
import { basename } from 'node:path';
import type { EventMessage } from '../../../shared/contract';
import type { Diagnostic, ExitPolicy, ProjectSnapshot } from '../../../shared/model';
import {
  reloadedFormation,
  withOverrides,
  withPolicy,
  withScale,
  type FormationOverrides,
  type FormationValue,
} from '../formation/formation-value';
import { checkPortRange } from '../formation/ports';
import { findProcfiles } from '../procfile/read-procfile';
import { sidecarPath } from '../sidecar/read-sidecar';
import { typeSettingsFor } from '../sidecar/sidecar-formation';
import { createRunnerEnvironment, type RuntimeOptions } from '../supervisor/runner-environment';
import { Supervisor, type SupervisorEvent } from '../supervisor/supervisor';
import { loadProject, type LoadedProject, type ProjectFiles, type ProjectSettings } from './load-project';
import { watchProjectFiles, type FileWatch } from './watch-project-files';

export interface SessionOptions {
  readonly files: ProjectFiles;
  readonly settings: ProjectSettings;
  readonly defaultPolicy: ExitPolicy;
  /** Restored over the Procfile's formation when the project opens (saved sliders and policies, CLI flags). */
  readonly overrides?: FormationOverrides;
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
    supervisor.subscribe((event) => {
      if (event.event !== 'formation') this.emit(event);
    });
    if (options.watch) {
      this.watch = watchProjectFiles(
        options.files.dir,
        [options.files.procfile, sidecarPath(options.files.procfile), ...options.files.envFiles],
        options.watchDebounceMs ?? 300,
        () => void this.reload(),
      );
    }
  }

  static async open(options: SessionOptions): Promise<OpenResult> {
    const [result, procfiles] = await Promise.all([
      loadProject(options.files, options.settings),
      findProcfiles(options.files.dir),
    ]);
    if (!result.ok) return result;
    const formation = restoredFormation(options, result.project);
    // Restored counts may reach further than the Procfile's formation did.
    const rangeProblem = checkPortRange(
      formation.basePort,
      formation.types.length,
      Math.max(1, ...formation.types.map((t) => t.scale)),
    );
    if (rangeProblem) {
      return {
        ok: false,
        diagnostics: [
          ...result.project.diagnostics,
          { severity: 'error', file: options.files.procfile, line: 0, message: rangeProblem },
        ],
      };
    }
    const supervisor = new Supervisor(formation, createRunnerEnvironment(options.runtime));
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

  /** The formation as it runs now (the supervisor holds the one applied value). */
  get formation(): FormationValue {
    return this.supervisor.formation;
  }

  /** A slider move; throws UnknownProcessError for a type the formation lacks. */
  setScale(type: string, count: number): Promise<void> {
    return this.supervisor.reconcile(withScale(this.formation, type, count));
  }

  /** A policy change: applies to each instance from its next start. */
  setPolicy(type: string, policy: ExitPolicy): Promise<void> {
    return this.supervisor.reconcile(withPolicy(this.formation, type, policy));
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
      const sidecar = sidecarPath(files.procfile);
      const onlySidecar = result.diagnostics.every((d) => d.file === sidecar);
      const keep: Diagnostic = {
        severity: 'warning',
        file: onlySidecar ? sidecar : files.procfile,
        line: 0,
        message: procfileMissing
          ? 'the Procfile was deleted; the formation keeps running as it was'
          : onlySidecar
            ? 'procdeck.yaml has errors; the formation keeps running as it was'
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
        {
          severity: 'warning',
          file: files.procfile,
          line: 0,
          message: 'the Procfile looks half-written (no line break at its end); waiting a moment for the rest',
        },
      ]);
      this.settleTimer = setTimeout(() => void this.reload(), this.options.settleMs ?? 1000);
      return;
    }
    this.settling = null;
    this.loaded = loaded;
    // Types already there keep their scale and policy; only new ones take the files' formation.
    await this.supervisor.reconcile(reloadedFormation(this.formation, restoredFormation(this.options, loaded)));
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

/** The files' formation with the host's overrides (the saved sliders and policies, the CLI's flags). */
function restoredFormation(options: SessionOptions, project: LoadedProject): FormationValue {
  return withOverrides(formationOf(options, project), options.overrides ?? {});
}

/**
 * The formation the files describe: each type at the formation rule's count (or
 * procdeck.yaml's scale), with procdeck.yaml's policy or the host's default, and its settings.
 */
function formationOf(options: SessionOptions, project: LoadedProject): FormationValue {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const entries = new Map((project.sidecar?.entries ?? []).map((e) => [e.name, e]));
  return {
    cwd: options.files.dir,
    types: project.types.map((t) => ({
      ...t,
      scale: project.scale.get(t.name) ?? 0,
      policy: entries.get(t.name)?.policy ?? options.defaultPolicy,
      settings: typeSettingsFor(entries.get(t.name), { signal: stopSignal, graceMs: options.graceMs }),
    })),
    env: project.env,
    basePort: project.basePort,
    stopSignal,
    graceMs: options.graceMs,
  };
}
