/**
 * A Vitest reporter for the reliability suite: prints `N of M fault scenarios hold`.
 *
 * A scenario is every test in test/reliability whose name starts with `#N `; it holds
 * when at least one of its tests ran and none failed. Skipped tests are listed with
 * their names (which say why they cannot run here).
 */
import type { Reporter, TestModule } from 'vitest/node';

export const SCENARIO_COUNT = 50;

export default class ScenarioReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const scenarios = new Map<number, { passed: number; failed: string[]; skipped: string[] }>();
    let sawReliability = false;
    for (const module of testModules) {
      if (!module.moduleId.includes('/test/reliability/')) continue;
      sawReliability = true;
      for (const test of module.children.allTests()) {
        const match = /^#(\d+)\b/.exec(test.name);
        if (!match) continue;
        const n = Number(match[1]);
        const entry = scenarios.get(n) ?? { passed: 0, failed: [], skipped: [] };
        const state = test.result().state;
        if (state === 'passed') entry.passed++;
        else if (state === 'failed') entry.failed.push(test.name);
        else entry.skipped.push(test.name);
        scenarios.set(n, entry);
      }
    }
    if (!sawReliability) return;
    let hold = 0;
    const lines: string[] = [];
    for (let n = 1; n <= SCENARIO_COUNT; n++) {
      const s = scenarios.get(n);
      if (!s || s.passed + s.failed.length === 0) {
        lines.push(`  #${n}: did not run${s?.skipped.length ? ` (skipped: ${s.skipped.join('; ')})` : ''}`);
        continue;
      }
      if (s.failed.length === 0) hold++;
      for (const name of s.failed) lines.push(`  failed: ${name}`);
      for (const name of s.skipped) lines.push(`  skipped: ${name}`);
    }
    process.stdout.write(
      `\n${lines.join('\n')}${lines.length ? '\n' : ''}reliability: ${hold} of ${SCENARIO_COUNT} fault scenarios hold\n`,
    );
  }
}
