/**
 * The search worker for real: a worker thread over log files on disk, matches in batches,
 * counts past the result limit, an unreadable log named, and a cancel that stops it at
 * once (no message after it), even inside a regular expression that would run for ages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SearchMatch } from '../../../shared/contract';
import { runSearch, type SearchFile, type SearchJob, type WorkerMessage } from './search-worker';

const dir = mkdtempSync(join(tmpdir(), 'procdeck-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function log(name: string, text: string | Buffer): SearchFile {
  const path = join(dir, name);
  writeFileSync(path, text);
  const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  return { instance: name.replace(/\.log$/, '') as SearchFile['instance'], stream: 'pty', path, size };
}

function job(files: SearchFile[], text: string, more: Partial<SearchJob> = {}): SearchJob {
  return {
    files,
    query: { text, regex: false, caseSensitive: true },
    options: { chunkBytes: 64 * 1024, maxLineBytes: 1 << 20, lineChars: 400 },
    maxResults: 5000,
    batchMs: 50,
    ...more,
  };
}

async function collect(searchJob: SearchJob) {
  const messages: WorkerMessage[] = [];
  const outcome = await runSearch(searchJob, (m) => messages.push(m)).finished;
  const matches: SearchMatch[] = messages.flatMap((m) => (m.kind === 'matches' ? m.matches : []));
  const done = messages.find((m) => m.kind === 'done');
  return { outcome, messages, matches, done };
}

const lines = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';

describe('the search worker', () => {
  it('finds the one line of one log among many, with its offset, and counts per instance', async () => {
    const quiet = log(
      'web.1.log',
      lines(20_000, (i) => `GET /items/${i} 200`),
    );
    const loud = log('worker.1.log', `${lines(1000, (i) => `job ${i} ok`)}job 1000 ECONNREFUSED 127.0.0.1:5432\n`);
    const { outcome, matches, done } = await collect(job([quiet, loud], 'ECONNREFUSED'));
    expect(outcome).toBe('done');
    expect(matches).toEqual([
      {
        instance: 'worker.1',
        stream: 'pty',
        offset: Buffer.byteLength(lines(1000, (i) => `job ${i} ok`)),
        text: 'job 1000 ECONNREFUSED 127.0.0.1:5432',
        ranges: [9, 21],
        clipped: false,
      },
    ]);
    expect(done).toMatchObject({ kind: 'done', counts: { 'worker.1': 1 }, limited: false, unreadable: [] });
    expect(done?.kind === 'done' && done.bytes).toBe(quiet.size + loud.size);
  });

  it('sends at most maxResults lines and counts the rest', async () => {
    const many = log(
      'many.1.log',
      lines(3000, (i) => `tick ${i}`),
    );
    const { matches, done, messages } = await collect(job([many], 'tick', { maxResults: 250 }));
    expect(matches).toHaveLength(250);
    expect(messages.filter((m) => m.kind === 'matches').length).toBeGreaterThan(1);
    expect(done).toMatchObject({ counts: { 'many.1': 3000 }, limited: true });
  });

  it('names a log it cannot read and searches the others', async () => {
    const present = log('ok.1.log', 'needle\n');
    const missing: SearchFile = { instance: 'gone.1', stream: 'pty', path: join(dir, 'gone.1.log'), size: 10 };
    const { matches, done } = await collect(job([missing, present], 'needle'));
    expect(matches.map((m) => m.instance)).toEqual(['ok.1']);
    expect(done?.kind === 'done' && done.unreadable).toEqual([expect.stringMatching(/gone\.1\.log: .*ENOENT/)]);
  });

  it('is cancelled at once, even inside a catastrophic regular expression, and says nothing after', async () => {
    // (a+)+$ against a long run of "a" followed by "!" backtracks for ever.
    const evil = log('evil.1.log', `${'a'.repeat(40)}!\n`);
    const messages: WorkerMessage[] = [];
    let reading: () => void = () => {};
    const stuck = new Promise<void>((resolve) => (reading = resolve));
    const search = runSearch(
      job([evil], '(a+)+$', { query: { text: '(a+)+$', regex: true, caseSensitive: true } }),
      (m) => {
        messages.push(m);
        if (m.kind === 'reading') reading();
      },
    );
    await stuck;
    const asked = performance.now();
    search.cancel();
    expect(await search.finished).toBe('cancelled');
    expect(performance.now() - asked).toBeLessThan(2000);
    expect(messages).toEqual([{ kind: 'reading', instance: 'evil.1', done: 0 }]);
  });
});
