/** `search.*`: Search all output, over every instance's full log on disk (see electron/host/search/). */
import { SEARCH_LIMITS } from '../../../shared/contract';
import { readLogExcerpt } from '../search/log-excerpt';
import { SearchRefused } from '../search/search-service';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function searchCalls(host: HostScope): AreaHandlers<'search'> {
  return {
    'search.start': (query, view) => {
      const owner = view.searchOwner;
      if (!owner) throw new HostCallError('unsupported', 'this view cannot receive search results');
      try {
        return { search: host.search.start(owner, host.session(), query) };
      } catch (error) {
        if (error instanceof SearchRefused) throw new HostCallError('invalid-request', error.message);
        throw error;
      }
    },
    'search.cancel': ({ search }, view) => {
      if (view.searchOwner) host.search.cancel(view.searchOwner, search);
      return null;
    },
    'search.readLog': async ({ instance, stream, offset, maxBytes }) => {
      const files = host.instance(instance).logFiles;
      const suffix = stream === 'pty' ? null : `.${stream}.log`;
      const path = files.find((f) => (suffix ? f.endsWith(suffix) : !/\.std(out|err)\.log$/.test(f)));
      if (!path) throw new HostCallError('not-found', `${instance} has no ${stream === 'pty' ? '' : `${stream} `}log`);
      return readLogExcerpt(path, offset, Math.min(maxBytes ?? 64 * 1024, SEARCH_LIMITS.excerptBytes));
    },
  };
}
