/**
 * The lifeline: a watchdog process that ends every instance's process group if the
 * Procdeck host dies without stopping them (SIGKILL, a crash, a power-cut of the UI).
 *
 * One per host process. It lives in its own session, so the terminal's Ctrl-C and
 * hang-up never reach it, and exits as soon as its job is done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { WATCHDOG_SCRIPT } from './watchdog-script';

export interface Guard {
  /** Prefix of every `PROCDECK_TAG` value this host gives its children. */
  readonly tagPrefix: string;
  /**
   * Guard a process group. `startTime` is its leader's (ProcessEntry.startTime; '' when
   * unknown): the watchdog signals the group only while that pid is still that process.
   */
  register(pgid: number, startTime: string): void;
  /** The group has ended: forget it (a later process may get its pid). */
  unregister(pgid: number): void;
}

export class Lifeline implements Guard {
  readonly tagPrefix: string;
  private readonly child: ChildProcess;
  private readonly stdin: Writable;
  private closed = false;

  private constructor(tagPrefix: string) {
    this.tagPrefix = tagPrefix;
    this.child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'procdeck-lifeline', tagPrefix], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // Only PATH: the watchdog must not carry the tag it searches for.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    this.stdin = this.child.stdin as Writable;
    this.stdin.on('error', () => undefined);
    this.child.on('error', () => undefined);
    // The lifeline must never keep the host alive by itself.
    this.child.unref();
    (this.stdin as Writable & { unref?: () => void }).unref?.();
  }

  /** Starts a watchdog for this host process. */
  static start(): Lifeline {
    return new Lifeline(`${process.pid}-${randomBytes(6).toString('hex')}/`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  register(pgid: number, startTime: string): void {
    if (!Number.isSafeInteger(pgid) || pgid <= 1) return;
    this.send(`+${pgid} ${/^\d+$/.test(startTime) ? startTime : ''}\n`);
  }

  unregister(pgid: number): void {
    this.send(`-${pgid}\n`);
  }

  /** Normal shutdown, after every instance has stopped: the watchdog sweeps and exits. */
  close(): void {
    if (this.closed) return;
    this.flushQueued();
    this.closed = true;
    this.stdin.end();
  }

  private queued = '';

  /** Lines are written once per tick: a stop-all of N instances is one write, not N. */
  private send(line: string): void {
    if (this.closed || this.stdin.destroyed) return;
    if (this.queued === '') process.nextTick(() => this.flushQueued());
    this.queued += line;
  }

  private flushQueued(): void {
    const text = this.queued;
    this.queued = '';
    if (text && !this.stdin.destroyed) this.stdin.write(text);
  }
}

/** A guard that guards nothing, for hosts and tests that run without a lifeline. */
export function unguarded(): Guard {
  return { tagPrefix: `${process.pid}-${randomBytes(6).toString('hex')}/`, register() {}, unregister() {} };
}
