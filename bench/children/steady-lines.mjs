// A steady talker for workload 10: RATE numbered lines a second (default 100), ~80 bytes
// each, until SIGTERM. Usage: node steady-lines.mjs [RATE]
const rate = Number(process.argv[2] ?? 100);
const name = process.env.PS ?? '?';
const pad = 'x'.repeat(40);
let n = 0;
// Batches of 10 at rate/10 Hz: 100 lines/s without a 10 ms timer per process.
const timer = setInterval(() => {
  let text = '';
  for (let i = 0; i < 10; i++) text += `${name} line ${String(++n).padStart(9, '0')} ${pad}\n`;
  process.stdout.write(text);
}, 10_000 / rate);
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.exit(0);
});
