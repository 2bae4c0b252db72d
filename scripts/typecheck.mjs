// Type-checks every layer with its own tsconfig (its own lib and types): the renderer
// without Node, shared without Node or the DOM, main and preload against electron.d.ts.
// Each tsc is single-threaded, so as many run at once as there are cores; a project's
// output is printed whole when it ends, never interleaved with another's.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const projects = [
  'shared',
  'electron/core',
  'electron/host',
  'electron/cli',
  'electron/main',
  'electron/preload',
  'renderer',
  'test',
  '.',
].filter((project) => existsSync(`${project}/tsconfig.json`));

function check(project) {
  return new Promise((done) => {
    const child = spawn('npx', ['tsc', '-p', `${project}/tsconfig.json`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(output));
      if (code !== 0) console.error(`typecheck: ${project}/tsconfig.json failed`);
      done(code === 0);
    });
  });
}

const queue = [...projects];
let failed = 0;
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let project = queue.shift(); project; project = queue.shift()) if (!(await check(project))) failed++;
  }),
);
process.exit(failed === 0 ? 0 : 1);
