/**
 * The server side of the one-way messages: acknowledgements, keystrokes, resizes. Nobody
 * waits for them. A failure that changes nothing the user could act on (an instance that
 * has exited or is gone) is dropped; a `refused` one (input to a child that does not read
 * it, #47) is told to the sending view as a notice by ProjectHost. The outcome is returned
 * to the caller of `ProjectHost.notify` too, for tests.
 */
import { LIMITS } from '../../../shared/contract';
import type { HostScope, NotificationHandlers } from './call-handler';
import { HostCallError } from './call-handler';

export function notificationHandlers(host: HostScope): NotificationHandlers {
  return {
    'output.ack': ({ instance, bytes }, view) => view.pump?.ack(instance, bytes),
    'instance.input': ({ instance, data }) => {
      const runner = host.instance(instance);
      // A child that never reads would otherwise make the host hold every keystroke and paste.
      const pending = runner.pendingInput();
      if (pending + Buffer.byteLength(data) > LIMITS.maxPendingInputBytes) {
        throw new HostCallError(
          'refused',
          `${instance} is not reading its input: ${pending} bytes are still waiting (limit ${LIMITS.maxPendingInputBytes})`,
        );
      }
      if (!runner.write(data)) throw new HostCallError('failed', `${instance} is not running`);
    },
    'instance.resize': ({ instance, cols, rows }) => host.instance(instance).resize(cols, rows),
  };
}
