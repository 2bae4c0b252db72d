/**
 * One host's part in keeping open projects' ports apart: at open, the project's remembered
 * base (if it was moved before), then its range claimed and compared with every other open
 * project's; an overlap becomes the offer the dashboard shows (`ports.offer`), and accepting
 * it (`ports.moveBase`) remembers the new base for that folder. Without a state folder
 * (a host that persists nothing, most tests) every answer is "nothing to say".
 */
import { basename, join } from 'node:path';
import type { PortRangeOffer } from '../../../shared/contract';
import { claimRange, openRanges, type RangeClaim } from './open-ranges';
import { nextFreeBase, overlaps, projectRange } from './port-ranges';
import { rememberBase, rememberedBase } from './remembered-base';

export class HostPorts {
  private claim: RangeClaim | null = null;
  private current: PortRangeOffer | null = null;

  /** `stateDir`: the user's Procdeck state folder (`<userData>/state`); null: off. */
  constructor(private readonly stateDir: string | null) {}

  private get openFolder(): string | null {
    return this.stateDir && join(this.stateDir, 'open-ports');
  }

  private get memoryFolder(): string | null {
    return this.stateDir && join(this.stateDir, 'ports');
  }

  /** The base this folder was moved to, if any. */
  rememberedBase(dir: string): number | null {
    const folder = this.memoryFolder;
    return folder ? rememberedBase(folder, dir) : null;
  }

  /** Claims the opened project's range (releasing the previous one) and works out the offer. */
  opened(dir: string, basePort: number, typeCount: number): PortRangeOffer | null {
    this.release();
    const folder = this.openFolder;
    if (!folder) return null;
    const range = projectRange(basePort, typeCount);
    const others = openRanges(folder);
    this.claim = claimRange(folder, { dir, name: basename(dir), ...range });
    const other = others.find((o) => o.dir !== dir && overlaps(o, range));
    this.current = other
      ? {
          from: range.from,
          to: range.to,
          other: { name: other.name, dir: other.dir, pid: other.pid, from: other.from, to: other.to },
          base: nextFreeBase(typeCount, [...others.filter((o) => o.dir !== dir)]),
        }
      : null;
    return this.current;
  }

  offer(): PortRangeOffer | null {
    return this.current;
  }

  /** Remembers `base` for `dir` (the next open of that folder starts there). */
  remember(dir: string, base: number): void {
    const folder = this.memoryFolder;
    if (!folder) throw new Error('this host keeps no per-project settings');
    rememberBase(folder, dir, base);
  }

  release(): void {
    this.claim?.release();
    this.claim = null;
    this.current = null;
  }
}
