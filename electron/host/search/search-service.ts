/**
 * The host's searches: at most one per view, a few at a time in all, each bounded in time;
 * their matches go as `search` events to the view that asked, and to nobody else.
 *
 * Which logs a query covers is decided here, on the host's thread, from the open session:
 * the worker gets file paths and sizes, never a way to reach a process.
 */
import { statSync } from 'node:fs';
import { SEARCH_LIMITS, type SearchCount, type SearchEvent, type SearchQuery } from '../../../shared/contract';
import type { InstanceId, OutputStream } from '../../../shared/model';
import type { ProjectSession } from '../../core/project/project-session';
import { runSearch, type RunningSearch, type SearchFile, type WorkerMessage } from './search-worker';

/** Searches running at once, across every view: each takes a thread and reads disks. */
const MAX_RUNNING = 4;

/** Who a search belongs to and where its events go (a connected view). */
export interface SearchOwner {
  sendSearch(event: SearchEvent): void;
}

interface Running {
  readonly owner: SearchOwner;
  run: RunningSearch;
  ending: 'cancelled' | 'timed-out' | null;
  /** Its `done` event has gone out: nothing more is sent for it. */
  told: boolean;
}

export class SearchRefused extends Error {}

export class SearchService {
  private nextId = 1;
  private readonly running = new Map<number, Running>();

  constructor(
    private readonly options: { readonly chunkBytes: number; readonly timeoutMs: number } = {
      chunkBytes: 1 << 20,
      timeoutMs: SEARCH_LIMITS.timeoutMs,
    },
  ) {}

  /** Starts a search of `session`'s logs for `owner`, cancelling the owner's previous one. Throws SearchRefused. */
  start(owner: SearchOwner, session: ProjectSession, query: SearchQuery): number {
    const pattern = query.regex ? compileProblem(query.text) : null;
    if (pattern) throw new SearchRefused(`not a regular expression: ${pattern}`);
    this.forget(owner);
    if (this.running.size >= MAX_RUNNING)
      throw new SearchRefused(`${MAX_RUNNING} searches are running already; try again when one has finished`);
    const id = this.nextId++;
    const files = logsOf(session, query);
    const startedAt = performance.now();
    const counts: Record<string, number> = {};
    for (const f of files) counts[f.instance] = 0;
    const entry: Running = {
      owner,
      run: { cancel: () => {}, finished: Promise.resolve('done') },
      ending: null,
      told: false,
    };
    entry.run = runSearch(
      {
        files,
        query: { text: query.text, regex: query.regex, caseSensitive: query.caseSensitive },
        options: { chunkBytes: this.options.chunkBytes, maxLineBytes: 1 << 20, lineChars: SEARCH_LIMITS.lineChars },
        maxResults: SEARCH_LIMITS.results,
        batchMs: 50,
      },
      (message: WorkerMessage) => {
        switch (message.kind) {
          case 'reading':
            return;
          case 'matches':
            Object.assign(counts, message.counts);
            return owner.sendSearch({
              kind: 'matches',
              search: id,
              matches: message.matches,
              counts: countList(counts),
            });
          case 'done':
            Object.assign(counts, message.counts);
            entry.told = true;
            return owner.sendSearch({
              kind: 'done',
              search: id,
              outcome: message.limited ? 'limited' : 'complete',
              counts: countList(counts),
              bytes: message.bytes,
              elapsedMs: Math.round(performance.now() - startedAt),
              ...(message.unreadable.length > 0 ? { message: `could not read ${message.unreadable.join('; ')}` } : {}),
            });
        }
      },
    );
    this.running.set(id, entry);
    const timer = setTimeout(() => this.stop(id, 'timed-out'), this.options.timeoutMs);
    void entry.run.finished.then((outcome) => {
      clearTimeout(timer);
      this.running.delete(id);
      if (entry.told) return;
      owner.sendSearch({
        kind: 'done',
        search: id,
        outcome: entry.ending ?? 'failed',
        counts: countList(counts),
        bytes: 0,
        elapsedMs: Math.round(performance.now() - startedAt),
        ...(typeof outcome === 'object' ? { message: outcome.failed } : {}),
        ...(entry.ending === 'timed-out' ? { message: `stopped after ${this.options.timeoutMs / 1000} s` } : {}),
      });
    });
    return id;
  }

  /** Cancels `owner`'s search `id`; another view's search or a finished one is left alone. */
  cancel(owner: SearchOwner, id: number): void {
    if (this.running.get(id)?.owner === owner) this.stop(id, 'cancelled');
  }

  /** Cancels whatever `owner` has running (a new search, a view that went away). */
  forget(owner: SearchOwner): void {
    for (const [id, entry] of this.running) if (entry.owner === owner) this.stop(id, 'cancelled');
  }

  private stop(id: number, why: 'cancelled' | 'timed-out'): void {
    const entry = this.running.get(id);
    if (!entry || entry.ending || entry.told) return;
    entry.ending = why;
    entry.run.cancel();
  }
}

/** The logs a query covers, with their sizes now: what is written after this is not searched. */
function logsOf(session: ProjectSession, query: SearchQuery): SearchFile[] {
  const all = query.types === undefined && query.instances === undefined;
  const files: SearchFile[] = [];
  for (const snapshot of session.supervisor.instanceSnapshots()) {
    const chosen = all || query.types?.includes(snapshot.type) || query.instances?.includes(snapshot.id);
    if (!chosen) continue;
    for (const path of session.supervisor.runner(snapshot.id)?.logFiles ?? []) {
      const size = sizeOf(path);
      if (size !== null) files.push({ instance: snapshot.id, stream: streamOfLog(path), path, size });
    }
  }
  return files;
}

/** Which stream a log holds, from its name (log-file-store.ts names them). */
function streamOfLog(path: string): OutputStream {
  if (path.endsWith('.stdout.log')) return 'stdout';
  if (path.endsWith('.stderr.log')) return 'stderr';
  return 'pty';
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

function countList(counts: Record<string, number>): SearchCount[] {
  return Object.entries(counts).map(([instance, lines]) => ({ instance: instance as InstanceId, lines }));
}

function compileProblem(source: string): string | null {
  try {
    new RegExp(source, 'gm');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
