/** Waiting on an instance tree's observations in the observer's tests. */
import type { InstanceObservation, TreeWatch } from '../../electron/core/observe/observation';

/** The first observation of `watch` that satisfies `check`; fails with the latest one after 10 s. */
export async function observationWhere(
  watch: TreeWatch,
  check: (o: InstanceObservation) => boolean,
  what: string,
): Promise<InstanceObservation> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const o = await watch.next();
    if (o && check(o)) return o;
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(watch.latest())}`);
}
