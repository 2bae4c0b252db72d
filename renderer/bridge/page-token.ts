/**
 * The web view's token arrives in the page address (`/#token=…`, never sent to a server).
 * It leaves the address at once: a token left there is in the back/forward list, in a
 * bookmark, on a shared screen, in a copied link. The tab keeps it in sessionStorage, which
 * dies with the tab and is never sent anywhere, so a reload still connects.
 */
const KEY = 'procdeck.token';

export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}

export interface PageAddress {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  /** Null where the page may not use storage (then a reload needs the printed URL again). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** The token from the address (moved into the tab's storage) or, after a reload, from the storage. */
export function takePageToken({ location, history, storage }: PageAddress): string | null {
  const fromAddress = tokenFromHash(location.hash);
  if (fromAddress === null) return quietly(() => storage?.getItem(KEY) ?? null, null);
  quietly(() => storage?.setItem(KEY, fromAddress), undefined);
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return fromAddress;
}

/** Storage throws where the browser forbids it (privacy modes, quotas); the token then lives only in memory. */
function quietly<T>(act: () => T, fallback: T): T {
  try {
    return act();
  } catch {
    return fallback;
  }
}

/** The page's own address, its history and its tab storage. */
export function pageAddress(win: Window): PageAddress {
  return { location: win.location, history: win.history, storage: quietly(() => win.sessionStorage, null) };
}
