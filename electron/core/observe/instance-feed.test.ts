/**
 * The feed on a real formation: each live instance gets one watch (its pid's), the ticks
 * become `observations` payloads naming the ports a server really listens on, a type that
 * ignores $PORT is warned about, and a stopped instance drops out.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ObservationsEvent } from '../../../shared/contract';
import { startFormation } from '../../../test/support/formation';
import { waiter } from '../../../test/support/wait';
import { feedObservations } from './instance-feed';
import { createObserver } from './observer';

describe('the observations feed', () => {
  const observer = createObserver({ intervalMs: 100 });
  afterAll(() => observer.close());

  it('reports the port each instance listens on, warns about one that ignores $PORT, and forgets a stopped one', async () => {
    const basePort = 21_000 + Math.floor(Math.random() * 20_000);
    const f = startFormation({
      adapter: 'pipe',
      types: {
        web: `node -e "require('net').createServer().listen(process.env.PORT, '127.0.0.1')"`,
        other: `node -e "require('net').createServer().listen(+process.env.PORT + 50, '127.0.0.1')"`,
      },
      basePort,
    });
    const w = waiter();
    let last: ObservationsEvent = { instances: [] };
    const feed = feedObservations(f.supervisor, observer, (payload) => {
      last = payload;
      w.changed();
    });
    const of = (id: string) => last.instances.find((i) => i.instance === id);
    await w.until(
      () => (of('web.1')?.sockets.length && of('other.1')?.sockets.length ? true : undefined),
      'both listening',
    );
    expect(of('web.1')).toMatchObject({ sockets: [{ address: '127.0.0.1', port: basePort }], warnings: [] });
    expect(of('web.1')?.rssBytes).toBeGreaterThan(1 << 20);
    expect(of('other.1')?.warnings).toEqual([
      `other.1 ignores $PORT=${basePort + 100} and listens on ${basePort + 150}`,
    ]);
    expect(feed.current(true).instances.find((i) => i.instance === 'web.1')?.history?.length).toBeGreaterThan(0);
    await f.supervisor.stop({ scope: 'instance', instance: 'other.1' });
    await w.until(() => (of('other.1') ? undefined : true), 'other.1 to drop out');
    expect(of('web.1')).toBeDefined();
    feed.close();
    await f.dispose();
  });
});
