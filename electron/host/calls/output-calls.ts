/** `output.*`: which instances stream to this view, and the buffered output as text, a time range or a full-log handle. */
import { concatChunks } from '../../core/output/output-ring';
import type { AreaHandlers, HostScope } from './call-handler';
import { readRange, saveRange } from './output-range';

export function outputCalls(host: HostScope): AreaHandlers<'output'> {
  return {
    'output.subscribe': ({ instances }, view) => {
      for (const id of instances) host.instance(id);
      view.pump?.subscribe(instances);
      return null;
    },
    'output.unsubscribe': ({ instances }, view) => {
      view.pump?.unsubscribe(instances);
      return null;
    },
    'output.read': ({ instance, maxBytes }) => {
      const ring = host.instance(instance).ring;
      const chunks = ring.read(ring.characterStart(ring.end - (maxBytes ?? ring.capacity)));
      const first = chunks[0];
      return {
        text: new TextDecoder('utf-8', { fatal: false }).decode(concatChunks(chunks)),
        start: first ? first.offset : ring.end,
        end: ring.end,
      };
    },
    'output.range': (query) => readRange(host, query),
    'output.saveRange': (request) => saveRange(host, request),
    'output.logHandle': ({ instance, stream }) => {
      const session = host.session();
      host.instance(instance);
      return { handle: host.logHandles.issue({ session, instance, stream: stream === 'stderr' ? 'stderr' : 'out' }) };
    },
  };
}
