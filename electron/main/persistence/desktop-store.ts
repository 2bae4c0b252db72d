/**
 * What the desktop app remembers between runs, under its app-data folder:
 *
 *   state/recent-projects.json   {version:1, projects:[{dir, name, openedAt}]}
 *   state/settings.json          {version:1, notifications, confirmStop}
 *   state/projects/<hash>.json   {version:1, dir, procfile, scale:{web:2}, policies:{web:'restart'}, bounds}
 *
 * A project's file holds its saved formation; its shape and path have their home in the
 * core (core/formation/saved-formation.ts), where `procdeck export` reads it too.
 *
 * Reads are synchronous and cached (the host asks for a project's saved formation while
 * opening it); writes are coalesced for `delayMs` and atomic (see atomic-file.ts).
 * `flush()` writes everything pending; the quit path awaits it.
 */
import { basename, join } from 'node:path';
import { z } from 'zod';
import { LIMITS, type RecentProject } from '../../../shared/contract';
import { assertNever, type ExitPolicy, type ProjectSnapshot } from '../../../shared/model';
import { savedFormationOf, savedProjectFile, savedProjectSchema } from '../../core/formation/saved-formation';
import { removeLeftoverTemps, writeFileAtomic } from './atomic-file';
import { readJsonFile } from './json-file';
import { withRecentProject, withoutRecentProject } from './recent-projects';

const path = z.string().min(1).max(LIMITS.maxPathLength);

const recentSchema = z.object({
  version: z.literal(1),
  projects: z.array(z.object({ dir: path, name: z.string().max(LIMITS.maxPathLength), openedAt: z.number() })).max(100),
});

const boundsSchema = z.object({
  x: z.int(),
  y: z.int(),
  width: z.int().min(1).max(100_000),
  height: z.int().min(1).max(100_000),
  maximized: z.boolean(),
});

const projectSchema = savedProjectSchema.extend({ bounds: boundsSchema.nullable() });

const settingsSchema = z.object({
  version: z.literal(1),
  notifications: z.boolean(),
  confirmStop: z.boolean(),
});

export type SavedBounds = z.output<typeof boundsSchema>;
export type SavedProject = Omit<z.output<typeof projectSchema>, 'version'>;
export type AppSettings = Omit<z.output<typeof settingsSchema>, 'version'>;

export const DEFAULT_SETTINGS: AppSettings = { notifications: true, confirmStop: true };

/** Per project, remembered types (all Procfile variants together) are capped. */
const MAX_REMEMBERED_TYPES = 200;

export interface StoreOptions {
  /** Coalescing delay for writes. */
  readonly delayMs?: number;
  readonly warn?: (message: string) => void;
}

export class DesktopStore {
  private readonly folder: string;
  private readonly delayMs: number;
  private readonly warn: (message: string) => void;
  private recent: RecentProject[] | null = null;
  private settingsValue: AppSettings | null = null;
  private readonly projects = new Map<string, SavedProject | null>();
  private readonly pending = new Map<string, () => string>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly appDataDir: string,
    options: StoreOptions = {},
  ) {
    this.folder = join(appDataDir, 'state');
    this.delayMs = options.delayMs ?? 250;
    this.warn = options.warn ?? (() => undefined);
    removeLeftoverTemps(this.folder);
    removeLeftoverTemps(join(this.folder, 'projects'));
  }

  recentProjects(): readonly RecentProject[] {
    this.recent ??= this.read(this.recentFile(), recentSchema)?.projects ?? [];
    return this.recent;
  }

  addRecent(dir: string, now = Date.now()): readonly RecentProject[] {
    return this.setRecent(withRecentProject(this.recentProjects(), dir, now));
  }

  removeRecent(dir: string): readonly RecentProject[] {
    return this.setRecent(withoutRecentProject(this.recentProjects(), dir));
  }

  clearRecent(): readonly RecentProject[] {
    return this.setRecent([]);
  }

  settings(): AppSettings {
    if (!this.settingsValue) {
      const read = this.read(this.settingsFile(), settingsSchema);
      this.settingsValue = read
        ? { notifications: read.notifications, confirmStop: read.confirmStop }
        : { ...DEFAULT_SETTINGS };
    }
    return this.settingsValue;
  }

  updateSettings(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.settings(), ...patch };
    this.settingsValue = next;
    this.schedule(this.settingsFile(), () => JSON.stringify({ version: 1, ...next }, null, 2));
    return next;
  }

  project(dir: string): SavedProject | null {
    if (!this.projects.has(dir)) {
      const read = this.read(this.projectFile(dir), projectSchema);
      // A hash collision (or a copied file) must not hand one project another's formation.
      const value =
        read && read.dir === dir
          ? { dir, procfile: read.procfile, scale: read.scale, policies: read.policies, bounds: read.bounds }
          : null;
      this.projects.set(dir, value);
    }
    return this.projects.get(dir) ?? null;
  }

  /** The shape `ProjectHost` asks for when it opens a project. */
  savedForHost(
    dir: string,
  ):
    { scale?: ReadonlyMap<string, number>; policies?: ReadonlyMap<string, ExitPolicy>; procfile?: string } | undefined {
    const saved = this.project(dir);
    if (!saved) return undefined;
    return {
      scale: new Map(Object.entries(saved.scale)),
      policies: new Map(Object.entries(saved.policies)),
      ...(saved.procfile ? { procfile: saved.procfile } : {}),
    };
  }

  /**
   * Remembers the Procfile in use and the formation's sliders and policies (the snapshot's
   * types are the formation value as it runs), over what other Procfiles of the project saved.
   */
  rememberFormation(snapshot: ProjectSnapshot): void {
    const old = this.project(snapshot.dir);
    const saved = savedFormationOf(snapshot.types);
    const scale = capped({ ...old?.scale, ...saved.scale });
    const policies = capped({ ...old?.policies, ...saved.policies });
    this.setProject({
      dir: snapshot.dir,
      procfile: basename(snapshot.procfile),
      scale,
      policies,
      bounds: old?.bounds ?? null,
    });
  }

  rememberBounds(dir: string, bounds: SavedBounds): void {
    const old = this.project(dir);
    this.setProject({
      dir,
      procfile: old?.procfile ?? null,
      scale: old?.scale ?? {},
      policies: old?.policies ?? {},
      bounds,
    });
  }

  /** Writes everything pending now; resolves when it is on disk. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    const run = this.writing.then(() =>
      Promise.all(
        batch.map(([file, render]) =>
          writeFileAtomic(file, render()).catch((error: unknown) =>
            this.warn(`cannot save ${file}: ${(error as Error).message}`),
          ),
        ),
      ).then(() => undefined),
    );
    this.writing = run;
    await run;
  }

  private setRecent(list: RecentProject[]): readonly RecentProject[] {
    this.recent = list;
    this.schedule(this.recentFile(), () => JSON.stringify({ version: 1, projects: list }, null, 2));
    return list;
  }

  private setProject(project: SavedProject): void {
    this.projects.set(project.dir, project);
    this.schedule(this.projectFile(project.dir), () => JSON.stringify({ version: 1, ...project }, null, 2));
  }

  private schedule(file: string, render: () => string): void {
    this.pending.set(file, render);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  private read<S extends z.ZodType>(file: string, schema: S): z.output<S> | null {
    const result = readJsonFile(file, schema);
    switch (result.kind) {
      case 'ok':
        return result.value;
      case 'missing':
        return null;
      case 'corrupt':
        this.warn(`ignoring ${file}: ${result.reason}${result.movedTo ? ` (kept as ${result.movedTo})` : ''}`);
        return null;
      default:
        return assertNever(result, 'read result');
    }
  }

  private recentFile(): string {
    return join(this.folder, 'recent-projects.json');
  }

  private settingsFile(): string {
    return join(this.folder, 'settings.json');
  }

  private projectFile(dir: string): string {
    return savedProjectFile(this.appDataDir, dir);
  }
}

function capped<V>(record: Record<string, V>): Record<string, V> {
  const entries = Object.entries(record);
  return entries.length <= MAX_REMEMBERED_TYPES ? record : Object.fromEntries(entries.slice(-MAX_REMEMBERED_TYPES));
}
