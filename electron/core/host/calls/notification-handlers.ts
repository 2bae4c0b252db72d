/**
 * The server side of the one-way messages: acknowledgements, keystrokes, resizes. Nobody
 * waits for them, so a failure (an instance that has exited, one that is gone) changes
 * nothing and is reported to no one; ProjectHost still returns it, for tests.
 */
import type { HostScope, NotificationHandlers } from './call-handler';
import { HostCallError } from './call-handler';

export function notificationHandlers(host: HostScope): NotificationHandlers {
  return {
    'output.ack': ({ instance, bytes }, view) => view.pump?.ack(instance, bytes),
    'instance.input': ({ instance, data }) => {
      if (!host.instance(instance).write(data)) throw new HostCallError('failed', `${instance} is not running`);
    },
    'instance.resize': ({ instance, cols, rows }) => host.instance(instance).resize(cols, rows),
  };
}
