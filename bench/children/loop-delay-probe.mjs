// Opt-in instrumentation for workload 7, loaded into the measured host with
// `node --import <this file> bin/procdeck.js serve …`: nothing in Procdeck's own code
// path knows about it. It samples the host's event-loop delay
// (perf_hooks.monitorEventLoopDelay) and, on SIGUSR2 and at exit, appends the histogram
// since the last report to $PROCDECK_LOOP_DELAY_FILE as one JSON line (milliseconds),
// then starts a new one. With it, per phase, the time the loop spent running callbacks
// (performance.eventLoopUtilization: its active time, whatever other threads do) and the
// process's CPU time (every thread: the /proc reader's worker too): on a loaded machine
// the delay is mostly the scheduler's, the busy time is the host's own.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.PROCDECK_LOOP_DELAY_FILE;
if (file) {
  const RESOLUTION_MS = 5;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let phase = 0;
  // The longest stalls of the phase, with when they ended (ms after the phase began): where in a phase the loop stood still.
  let stalls = [];
  let phaseStart = performance.now();
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 50) stalls.push({ endedMs: Math.round(now - phaseStart), ms: Math.round(now - last) });
    last = now;
  }, RESOLUTION_MS).unref();
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  // The histogram holds the time between two samples, the resolution included (an idle
  // loop reads ≈ 5 ms): the delay is what lies beyond it.
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
  const report = (why) => {
    const line = {
      phase: phase++,
      why,
      at: Date.now(),
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      resolutionMs: RESOLUTION_MS,
      busyMs: Math.round(performance.eventLoopUtilization(elu).active),
      cpuMs: Math.round(((used) => (used.user + used.system) / 1000)(process.cpuUsage(cpu))),
      phaseMs: Math.round(performance.now() - phaseStart),
      stalls: stalls.sort((a, b) => b.ms - a.ms).slice(0, 5),
    };
    stalls = [];
    phaseStart = performance.now();
    elu = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    histogram.reset();
  };
  process.on('SIGUSR2', () => report('signal'));
  process.on('exit', () => report('exit'));
}
