/** Ready when a TCP connection to host:port succeeds (then closed at once). */
import { connect } from 'node:net';
import type { Probe, ProbeAnswer } from './probe-types';

export function tcpProbe(host: string, port: number): Probe {
  const where = `${host}:${port}`;
  return {
    attempt(signal: AbortSignal): Promise<ProbeAnswer> {
      return new Promise((resolve) => {
        const socket = connect({ host, port });
        const done = (answer: ProbeAnswer): void => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          resolve(answer);
        };
        const onAbort = (): void => done({ passed: false, answer: `no answer from ${where} in time` });
        signal.addEventListener('abort', onAbort);
        socket.once('connect', () => done({ passed: true, answer: `accepts connections on ${where}` }));
        socket.once('error', (error: NodeJS.ErrnoException) =>
          done({ passed: false, answer: `cannot connect to ${where} yet (${error.code ?? error.message})` }),
        );
      });
    },
    close(): void {},
  };
}
