// Ubuntu 23.10+ restricts unprivileged user namespaces through AppArmor, so Chromium's
// namespace sandbox cannot start, and it falls back to the setuid helper `chrome-sandbox`
// — which in node_modules (or an unpacked AppImage) is not setuid root: Electron aborts
// with "The SUID sandbox helper binary was found, but is not configured correctly"
// (electron/electron#42510, #41066). `npm start` checks this first and says exactly what
// to do. It never turns the sandbox off.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the check reads from the system (`probeSandbox`); a plain object, so the decision is a pure function. */
export function probeSandbox(electronPath) {
  const read = (path) => {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch {
      return null;
    }
  };
  const helper = join(dirname(electronPath), 'chrome-sandbox');
  let sandbox;
  try {
    const s = statSync(helper);
    sandbox = { path: helper, uid: s.uid, mode: s.mode & 0o7777 };
  } catch {
    sandbox = null;
  }
  return {
    platform: process.platform,
    uid: process.getuid?.() ?? null,
    electronPath,
    sandbox,
    // 1: AppArmor restricts unprivileged user namespaces (Ubuntu 23.10+).
    apparmorRestrictsUserns: read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1',
    // 0: the kernel allows no unprivileged user namespaces at all (older Debian).
    usernsCloneOff: read('/proc/sys/kernel/unprivileged_userns_clone') === '0',
    profileAllows: apparmorProfileNames(electronPath),
  };
}

/** An AppArmor profile in /etc/apparmor.d that names this Electron and grants `userns`. */
function apparmorProfileNames(electronPath) {
  try {
    for (const name of readdirSync('/etc/apparmor.d')) {
      const path = join('/etc/apparmor.d', name);
      try {
        if (!statSync(path).isFile()) continue;
        const text = readFileSync(path, 'utf8');
        if (text.includes(electronPath) && /^\s*userns\b/m.test(text)) return true;
      } catch {
        // Unreadable profiles are not ours.
      }
    }
  } catch {
    // No AppArmor here.
  }
  return false;
}

/** Null when Chromium's sandbox can start; else the lines to print (what is wrong, and the two ways to fix it). */
export function sandboxProblem(probe) {
  if (probe.platform !== 'linux' || probe.uid === 0) return null;
  if (!probe.apparmorRestrictsUserns && !probe.usernsCloneOff) return null;
  if (probe.profileAllows && !probe.usernsCloneOff) return null;
  const helper = probe.sandbox;
  if (helper && helper.uid === 0 && (helper.mode & 0o4000) !== 0) return null;
  const path = helper?.path ?? join(dirname(probe.electronPath), 'chrome-sandbox');
  const why = probe.apparmorRestrictsUserns
    ? 'AppArmor restricts unprivileged user namespaces here (Ubuntu 23.10 and later)'
    : 'this kernel allows no unprivileged user namespaces';
  const state = helper
    ? `is not setuid root (owner uid ${helper.uid}, mode ${helper.mode.toString(8).padStart(4, '0')})`
    : 'is missing';
  const lines = [
    '',
    `procdeck: Chromium's sandbox cannot start: ${why}, and Electron's chrome-sandbox helper ${state}:`,
    `  ${path}`,
    '  Electron would abort with "The SUID sandbox helper binary was found, but is not configured correctly".',
    '',
    'Fix it once, in either of these ways (electron/electron#42510):',
    '  1. make the helper setuid root (again after each npm ci, which downloads Electron anew):',
    `       sudo chown root:root '${path}' && sudo chmod 4755 '${path}'`,
  ];
  if (probe.apparmorRestrictsUserns) {
    lines.push(
      '  2. or let this Electron use user namespaces, with an AppArmor profile:',
      "       sudo tee /etc/apparmor.d/procdeck-electron <<'EOF'",
      '       abi <abi/4.0>,',
      '       include <tunables/global>',
      `       profile procdeck-electron "${probe.electronPath}" flags=(unconfined) {`,
      '         userns,',
      '         include if exists <local/procdeck-electron>',
      '       }',
      '       EOF',
      '       sudo apparmor_parser -r /etc/apparmor.d/procdeck-electron',
    );
  }
  lines.push(
    '',
    'Procdeck does not turn the sandbox off for you. The installed .deb is not affected (it sets the helper up).',
    'Meanwhile the same dashboard runs in your browser: npx procdeck serve <project folder>',
  );
  return lines;
}
