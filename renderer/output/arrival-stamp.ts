/** How a line's arrival time shows in a terminal: `14:03:27.512 `, dimmed, before the line (blank when unknown). */
import { formatArrival } from '../../shared/arrival-times';

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export function arrivalStamp(at: number): string {
  return `${DIM}${formatArrival(at)}${RESET}`;
}
