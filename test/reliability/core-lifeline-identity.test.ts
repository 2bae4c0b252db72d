/**
 * #30, #31: the lifeline never touches a stranger. Groups are forgotten when they end, and the
 * watchdog checks each group's identity (its leader's start time, /proc/PID/stat field
 * 22) before every signal — proven with a pid really reused, in a PID namespace.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Guard } from '../../electron/core/lifeline/lifeline';
import { DEFAULT_TYPE_SETTINGS } from '../../electron/core/formation/type-settings';
import { WATCHDOG_SCRIPT } from '../../electron/core/lifeline/watchdog-script';
import { PtySpawner } from '../../electron/core/spawner/pty-spawner';
import { createRunnerEnvironment } from '../../electron/core/supervisor/runner-environment';
import { Supervisor } from '../../electron/core/supervisor/supervisor';
import { FIXTURES } from '../support/formation';
import { isAlive, killAll } from '../support/processes';
import { eventually } from '../support/wait';

/** /proc/PID/stat field 22, read the way the tests read /proc (not the core's reader). */
function startTime(pid: number): string {
  const stat = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'latin1' });
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] as string;
}

/** Runs the real watchdog script, feeds it `lines`, closes its pipe and waits for it to finish its sweep. */
function runWatchdog(lines: readonly string[]): Promise<void> {
  const child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'procdeck-lifeline', ''], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A process leading its own group (and session), as a descendant that called setsid does. */
function groupLeader(): number {
  const child = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid as number;
}

describe('#30 the lifeline checks identity before every signal', () => {
  it('#30 a group whose leader has another start time is left alone; the right start time is signalled', async () => {
    const stranger = groupLeader();
    const ours = groupLeader();
    try {
      await runWatchdog([`+${stranger} 1`, `+${ours} ${startTime(ours)}`]);
      await eventually(() => !isAlive(ours), 'our group to be stopped', 3000);
      expect(isAlive(stranger)).toBe(true);
    } finally {
      killAll([stranger, ours]);
    }
  });

  it('#30 a group that was unregistered is never signalled; the others still are', async () => {
    const [a, b, c] = [groupLeader(), groupLeader(), groupLeader()];
    try {
      await runWatchdog([`+${a} ${startTime(a)}`, `+${b} ${startTime(b)}`, `+${c} ${startTime(c)}`, `-${b}`]);
      await eventually(() => !isAlive(a) && !isAlive(c), 'a and c to be stopped', 3000);
      expect(isAlive(b)).toBe(true);
    } finally {
      killAll([a, b, c]);
    }
  });

  const unshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']);
  const namespaces = unshare.status === 0;
  it.skipIf(!namespaces)(
    `#30 forced pid reuse in a PID namespace: the stranger that got our group's pid survives the watchdog${namespaces ? '' : ` — skipped: unshare --pid failed here (${String(unshare.stderr ?? unshare.error).trim()})`}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'procdeck-pidns-'));
      writeFileSync(join(dir, 'watchdog.sh'), WATCHDOG_SCRIPT);
      // Inside the namespace: guard a group, let it end, make the next process take its
      // pid (ns_last_pid), then close the watchdog's pipe as a dying host would.
      const driver = `
        set -e
        # Only the watchdog's pipe is passed on as fd 3: every other child closes it (3>&-).
        startof() { read -r s < /proc/$1/stat; set -- \${s##*) }; shift 19; echo "$1"; }
        mkfifo "${dir}/pipe"
        sh "${dir}/watchdog.sh" procdeck-lifeline '' < "${dir}/pipe" & watchdog=$!
        exec 3> "${dir}/pipe"
        setsid sleep 1000 3>&- & victim=$!
        echo "+$victim $(startof $victim)" >&3
        kill -KILL $victim; wait $victim || true
        sleep 0.05 3>&-
        echo $((victim - 1)) > /proc/sys/kernel/ns_last_pid
        setsid sleep 1001 3>&- & stranger=$!
        [ "$stranger" = "$victim" ] || { echo "no reuse: $stranger is not $victim"; exit 3; }
        exec 3>&-
        wait $watchdog
        if kill -0 $stranger 2>/dev/null; then echo "stranger $stranger spared"; kill -KILL $stranger; else echo "stranger $stranger killed"; fi
      `;
      const result = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '/bin/sh', '-c', driver], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.stdout.trim(), result.stderr).toMatch(/^stranger \d+ spared$/);
    },
  );
  it.skipIf(!namespaces)(
    `#30 lines that name no real group (+1, +0, +x) are ignored: nothing outside is signalled${namespaces ? '' : ' — skipped: without a PID namespace a failure would signal every process on the machine'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'procdeck-pidns-'));
      writeFileSync(join(dir, 'watchdog.sh'), WATCHDOG_SCRIPT);
      // In a namespace of its own: were \`kill -- -1\` sent, it would reach only the bystander.
      const driver = `
        setsid sleep 1002 & bystander=$!
        printf '+1 \\n+0 \\n+x 5\\n+-7 \\n+1 1\\n' | sh "${dir}/watchdog.sh" procdeck-lifeline ''
        if kill -0 $bystander 2>/dev/null; then echo "bystander spared"; kill -KILL $bystander; else echo "bystander killed"; fi
      `;
      const result = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '/bin/sh', '-c', driver], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.stdout.trim(), result.stderr).toBe('bystander spared');
    },
  );
});

describe('#31 groups are unregistered when they end', () => {
  it('#31 every group registered for a run — the leader and a descendant that made its own — is unregistered after the stop', async () => {
    const registered = new Map<number, string>();
    const unregistered: number[] = [];
    const guard: Guard = {
      tagPrefix: `test-${process.pid}/`,
      register: (pgid, start) => void registered.set(pgid, start),
      unregister: (pgid) => void unregistered.push(pgid),
    };
    const supervisor = new Supervisor(
      {
        cwd: FIXTURES,
        types: [
          {
            name: 'grouped',
            command: `setsid sleep 1001 & echo forked; exec sleep 1000`,
            line: 1,
            scale: 1,
            settings: DEFAULT_TYPE_SETTINGS,
            policy: 'keep',
          },
        ],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        basePort: 5000,
        stopSignal: 'SIGTERM',
        graceMs: 2000,
      },
      createRunnerEnvironment({ spawner: new PtySpawner(createRequire(import.meta.url)('node-pty')), guard }),
    );
    supervisor.start({ scope: 'all' });
    await eventually(
      () => registered.size >= 1 && supervisor.runner('grouped.1')?.snapshot().state.kind === 'starting',
      'the start',
      5000,
    );
    const leader = [...registered.keys()][0] as number;
    expect(registered.get(leader)).toBe(startTime(leader));
    await new Promise((r) => setTimeout(r, 300)); // let the shell fork its setsid child (no event for that)
    await supervisor.stop({ scope: 'all' });
    expect(registered.size).toBe(2);
    for (const [pgid, start] of registered) {
      expect(start).toMatch(/^\d+$/);
      expect(unregistered).toContain(pgid);
    }
    expect(unregistered).toHaveLength(registered.size);
    await supervisor.dispose();
  });
});
