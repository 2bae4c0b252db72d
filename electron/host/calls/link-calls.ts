/** `link.*`: an http(s) link from the output, opened in the system browser after a click. */
import { isSafeExternalUrl } from '../../../shared/links';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function linkCalls(host: HostScope): AreaHandlers<'link'> {
  return {
    'link.open': async ({ url }) => {
      if (!isSafeExternalUrl(url))
        throw new HostCallError('invalid-request', 'only http(s) links open outside the app');
      const open = host.services.openLink;
      if (!open) throw new HostCallError('unsupported', 'this host lets the view open links itself');
      await open(url);
      return null;
    },
  };
}
