// The formation baseline: a bare Node loop that starts N process groups and, on SIGINT,
// sends SIGTERM to each group and waits for every one to exit.
//
// Usage: node groups.mjs N COMMAND
// Each is `/bin/sh -c COMMAND`, detached (its own group and session), output ignored.
import { spawn } from 'node:child_process';

const count = Number(process.argv[2]);
const command = process.argv[3];
const children = [];
for (let i = 1; i <= count; i++) {
  children.push(
    spawn('/bin/sh', ['-c', command], { detached: true, stdio: 'ignore', env: { ...process.env, PS: `sleeper.${i}` } }),
  );
}
process.on('SIGINT', () => {
  let open = children.length;
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (--open === 0) process.exit(0);
      continue;
    }
    child.once('exit', () => {
      if (--open === 0) process.exit(0);
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      open--;
    }
  }
});
