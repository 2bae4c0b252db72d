/**
 * The gap notice's link to an instance's full log: a path of this page naming the instance,
 * never the token. Terminal text can be copied, shared and kept, and a URL with the token in
 * it would hand over the formation. A click on it downloads through a single-use handle
 * (renderer/ui/full-log.ts).
 */
import { parseInstanceId, type InstanceId } from '../../shared/model';

const PREFIX = '/full-log/';

/** The gap notice's link for an instance: a path of this page, no credential in it. */
export function fullLogLink(origin: string, instance: InstanceId): string {
  return `${origin}${PREFIX}${encodeURIComponent(instance)}`;
}

/** The instance a full-log link of this page names; null for any other URL (it opens outside). */
export function fullLogLinkInstance(url: string, origin: string): InstanceId | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== origin || !parsed.pathname.startsWith(PREFIX) || parsed.search || parsed.hash) return null;
  let name: string;
  try {
    name = decodeURIComponent(parsed.pathname.slice(PREFIX.length));
  } catch {
    return null;
  }
  return parseInstanceId(name) ? (name as InstanceId) : null;
}
