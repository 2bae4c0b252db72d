/**
 * The host's handler maps are typed by the contract: the `@ts-expect-error` lines below are
 * checked by `npm run typecheck` (a handler that returned `unknown` again, or a map that
 * accepted a missing or extra call, would make them unused directives, and fail the build).
 * At run time: every contract call and notification is served by the host, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { CallName, NotificationName } from '../../shared/contract';
import { CALL_SCHEMAS, NOTIFICATION_SCHEMAS } from '../../electron/host/contract/call-schemas';
import type { AreaHandlers, CallHandlers, NotificationHandlers } from '../../electron/host/calls/call-handler';
import { linkCalls } from '../../electron/host/calls/link-calls';
import { testHost } from '../support/host';

describe('the handler maps', () => {
  it('refuse, at compile time, a result that is not the contract’s', () => {
    const wrongResult: AreaHandlers<'link'> = {
      // @ts-expect-error link.open answers null, not a string
      'link.open': () => 'opened',
    };
    const wrongAsync: AreaHandlers<'project'> = {
      'project.open': () => Promise.reject(new Error('x')),
      'project.selectProcfile': () => Promise.reject(new Error('x')),
      // @ts-expect-error project.reload answers a ProjectSnapshot, not a number
      'project.reload': () => Promise.resolve(42),
      'project.snapshot': () => null,
    };
    // @ts-expect-error an area's map must serve every call of the area
    const missing: AreaHandlers<'app'> = {
      'app.info': () => ({
        kind: 'web',
        version: '0',
        canPickFolder: false,
        canSaveToFolder: false,
        canSaveFile: false,
        platform: 'linux',
      }),
    };
    const extra: AreaHandlers<'link'> = {
      ...linkCalls({} as never),
      // @ts-expect-error a handler for a call the contract does not have
      'link.close': () => null,
    };
    // @ts-expect-error a notification handler takes the contract's parameters (bytes is a number)
    const notificationWithParams: NotificationHandlers['output.ack'] = (params: { instance: string; bytes: string }) =>
      void params;
    const full = {} as CallHandlers;
    // @ts-expect-error the full map has no handler for a notification
    void full['output.ack'];
    expect([wrongResult, wrongAsync, missing, extra, notificationWithParams].length).toBe(5);
  });

  it('serve every call and notification of the contract (and an unknown name is unknown)', async () => {
    const host = testHost();
    const client = { send: () => undefined };
    host.attach(client);
    for (const name of Object.keys(CALL_SCHEMAS) as CallName[]) {
      const answer = await host.dispatch(client, name, {});
      if (!answer.ok) expect(answer.error.code, name).not.toBe('unknown-call');
    }
    for (const name of Object.keys(NOTIFICATION_SCHEMAS) as NotificationName[]) {
      const outcome = host.notify(client, name, {});
      if (!outcome.ok) expect(outcome.error.code, name).not.toBe('unknown-call');
    }
    expect(await host.dispatch(client, 'process.spawn', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-call' },
    });
    await host.close();
  });
});
