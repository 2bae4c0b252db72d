// `npm start [-- FOLDER…]`: builds the app (electron-vite) and opens it, with the folders
// given (relative to where npm was run). Where the Electron binary is missing it is
// downloaded first, as `npx electron` would; where that is impossible (no network,
// a blocked mirror) this says so in plain words and points to `npx procdeck serve`.
//
//   --no-build   skip the build (out/ is current)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadElectron, locateElectron } from './electron-binary.mjs';
import { probeSandbox, sandboxProblem } from './linux-sandbox.mjs';
import { restoreSpawnHelperMode } from './node-pty-mode.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const userArgs = args.filter((a) => a !== '--no-build');
// npm runs scripts in the package folder; the user meant paths relative to where they were.
const cwd = process.env.INIT_CWD || process.cwd();
const paths = userArgs.map((a) => (a.startsWith('-') ? a : resolve(cwd, a)));

function fail(lines) {
  console.error(lines.join('\n'));
  process.exit(1);
}

if (build) {
  const result = spawnSync(
    process.execPath,
    [resolve(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) fail(['procdeck: the build failed (see above).']);
}

let electron = locateElectron();
if (!electron.ok) {
  console.log('procdeck: downloading Electron (first run only)…');
  const download = downloadElectron();
  electron = locateElectron();
  if (!electron.ok) {
    const why = lastMeaningfulLine(download.output) ?? electron.reason;
    fail([
      '',
      'procdeck: cannot start the desktop app: the Electron binary is not available here.',
      `  ${electron.reason}`,
      `  The download failed: ${why}`,
      '',
      'Use the same dashboard in your browser instead:',
      `  npx procdeck serve ${paths.find((p) => !p.startsWith('-')) ?? '<project folder>'}`,
      '',
      'To run the desktop app, allow the download (network, proxy, or ELECTRON_MIRROR),',
      'or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron of the same version.',
    ]);
  }
}

if (!existsSync(resolve(ROOT, 'out/main/index.js')))
  fail(['procdeck: out/main/index.js is missing: run npm run build first.']);

// node-pty 1.1.0's macOS spawn-helper comes without its execute bit (no PTY at all otherwise).
if (process.platform === 'darwin') restoreSpawnHelperMode(ROOT);

// Ubuntu 23.10+: say what to do before Electron aborts on its sandbox helper.
const sandbox = sandboxProblem(probeSandbox(electron.path));
if (sandbox) fail(sandbox);

const extra = [];
// Chromium refuses to run as root with its sandbox on (containers, CI).
if (process.platform === 'linux' && process.getuid?.() === 0) {
  console.log('procdeck: running as root: Chromium needs --no-sandbox (use a normal user for everyday work)');
  extra.push('--no-sandbox');
}
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, [ROOT, ...extra, ...paths], { cwd, stdio: 'inherit', env });
// Ctrl-C reaches Electron too (same process group): it stops the formations gracefully,
// and a second Ctrl-C kills them. Wait for it rather than dying first.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signal !== 'SIGINT') child.kill(signal);
  });
}
child.on('error', (error) => fail([`procdeck: cannot run ${electron.path}: ${error.message}`]));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function lastMeaningfulLine(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && l !== 'Downloading Electron binary...');
  const error = lines.find((l) => /error/i.test(l));
  return error ?? lines.at(-1) ?? null;
}
