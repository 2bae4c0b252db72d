/**
 * What a host (the desktop shell, `procdeck serve`) gives its ProjectHost: who it is, how
 * it runs processes, and the native things only it can do (pick a folder, open a link,
 * remember a project's settings, ask the user about an open).
 */
import type { FolderExportResult, FormationExport, HostInfo, RecentProject } from '../../shared/contract';
import type { EnvironmentSource } from '../../shared/environment';
import type { ExitPolicy, ProjectSnapshot, SpawnerKind } from '../../shared/model';
import type { EnvValues } from '../core/env/parse-env';
import type { FormationSpec } from '../core/formation/formation';
import type { Guard } from '../core/lifeline/lifeline';
import type { Observer } from '../core/observe/observation';
import type { EditorChoice } from './editor/editor-choice';
import type { EditorTarget } from './editor/editor-command';
import type { OpenConfirmation, OpenPolicy } from './open-policy';
import type { PumpOptions } from './output-pump';

export interface HostServices {
  readonly info: HostInfo;
  readonly spawnerKind: SpawnerKind;
  readonly guard: Guard;
  readonly graceMs: number;
  readonly defaultPolicy: ExitPolicy;
  readonly processEnv: EnvValues;
  /** Where `processEnv` came from (the environment view's origin); absent: Procdeck's own. */
  readonly environmentSource?: EnvironmentSource;
  /** Full logs go under this directory, one folder per project; null: memory only. */
  readonly logRoot: string | null;
  readonly ringBytes?: number;
  readonly pump?: PumpOptions;
  /** Options for the first project opened (the CLI's -f, -e, -m, -p). */
  readonly firstProject?: {
    readonly envFiles?: readonly string[];
    readonly formation?: FormationSpec | null;
    readonly port?: string;
  };
  recentProjects(): readonly RecentProject[];
  /** Null when the host has no folder picker. */
  readonly pickFolder: (() => Promise<string | null>) | null;
  /** Writes an export to a folder the user picks natively; absent: the view saves it itself (a zip download). */
  readonly saveExport?: (
    exported: FormationExport,
  ) => Promise<
    { readonly ok: true; readonly value: FolderExportResult } | { readonly ok: false; readonly error: string }
  >;
  /**
   * Opens a checked project file in the user's editor (editor-launch.ts); absent: the host
   * cannot. Throws with a message the view shows (no editor set, it failed to start).
   */
  readonly openInEditor?: (target: EditorTarget) => Promise<void>;
  /**
   * workbench: the editor the user chose in the app (editor-choice.ts) and the environment
   * whose $VISUAL/$EDITOR apply without one; absent: no choice can be made here.
   */
  readonly editorChoice?: { readonly choice: EditorChoice; readonly env: EnvValues };
  /**
   * timestamps: Save range… writes `text` to a file the user picks in a native save dialog
   * (`suggestedName` offered); resolves with its path, null when cancelled, rejects with a
   * message the view shows. Absent: the view downloads the file itself.
   */
  readonly saveTextFile?: (suggestedName: string, text: string) => Promise<string | null>;
  /** workbench: opens a full log file in the user's default viewer (desktop: after a click); absent: the view downloads it. */
  readonly openLogFile?: (path: string) => Promise<void>;
  /** Null when the view opens links itself (a browser tab). */
  readonly openLink: ((url: string) => Promise<void>) | null;
  /** Saved slider counts and policies for a project, if the host persists them. */
  saved?(
    dir: string,
  ): { scale?: ReadonlyMap<string, number>; policies?: ReadonlyMap<string, ExitPolicy>; procfile?: string } | undefined;
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
  /** Ports and resources: the observer whose ticks feed the `observations` event; absent: the process's shared one. */
  readonly observer?: Observer;
  /**
   * ports2: the user's Procdeck state folder (`<userData>/state`) shared by the desktop app and
   * `procdeck serve`: open projects' port ranges and each project's moved base live there. Absent: no overlap check.
   */
  readonly portsState?: string | null;
}
