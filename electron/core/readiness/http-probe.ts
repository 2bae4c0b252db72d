/** Ready when GET path on 127.0.0.1:port answers 2xx or 3xx within the attempt's time. */
import { request } from 'node:http';
import type { Probe, ProbeAnswer } from './probe-types';

export function httpProbe(port: number, path: string): Probe {
  const what = `GET http://127.0.0.1:${port}${path}`;
  return {
    attempt(signal: AbortSignal): Promise<ProbeAnswer> {
      return new Promise((resolve) => {
        let settled = false;
        const done = (answer: ProbeAnswer): void => {
          if (settled) return;
          settled = true;
          resolve(answer);
        };
        const req = request({ host: '127.0.0.1', port, path, method: 'GET', signal, headers: { connection: 'close' } });
        req.once('response', (res) => {
          res.resume(); // the body is not needed; let the socket close
          const status = res.statusCode ?? 0;
          done({ passed: status >= 200 && status < 400, answer: `${what}: ${status}` });
        });
        req.once('error', (error: NodeJS.ErrnoException) => {
          const why = signal.aborted ? 'no answer in time' : (error.code ?? error.message);
          done({ passed: false, answer: `${what}: ${why}` });
        });
        req.end();
      });
    },
    close(): void {},
  };
}
