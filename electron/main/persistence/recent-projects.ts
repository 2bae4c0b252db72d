/**
 * The recent-projects list: most recent first, one entry per folder, at most
 * `MAX_RECENT_PROJECTS`. Pure; the store persists it.
 */
import { basename } from 'node:path';
import type { RecentProject } from '../../../shared/contract';

export const MAX_RECENT_PROJECTS = 12;

export function withRecentProject(list: readonly RecentProject[], dir: string, openedAt: number): RecentProject[] {
  const entry: RecentProject = { dir, name: basename(dir) || dir, openedAt };
  return [entry, ...list.filter((p) => p.dir !== dir)].slice(0, MAX_RECENT_PROJECTS);
}

export function withoutRecentProject(list: readonly RecentProject[], dir: string): RecentProject[] {
  return list.filter((p) => p.dir !== dir);
}
