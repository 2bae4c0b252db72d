import { describe, expect, it } from 'vitest';
import { takePageToken, type PageAddress } from './page-token';

/** A page address whose history and storage record what was done to them. */
function page(hash: string, stored: Record<string, string> = {}, storageWorks = true) {
  const replaced: string[] = [];
  const address: PageAddress = {
    location: { hash, pathname: '/', search: '' },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)),
    },
    storage: storageWorks
      ? { getItem: (k: string) => stored[k] ?? null, setItem: (k: string, v: string) => void (stored[k] = v) }
      : {
          getItem: () => {
            throw new Error('SecurityError');
          },
          setItem: () => {
            throw new Error('SecurityError');
          },
        },
  };
  return { address, replaced, stored };
}

describe('the token in the page address', () => {
  it('is taken off the address at once and kept in the tab for a reload', () => {
    const first = page('#token=s3cret');
    expect(takePageToken(first.address)).toBe('s3cret');
    expect(first.replaced).toEqual(['/']);
    const reload = page('', first.stored);
    expect(takePageToken(reload.address)).toBe('s3cret');
    expect(reload.replaced).toEqual([]);
  });

  it('a new token in the address wins over the one the tab kept', () => {
    const p = page('#token=new', { 'procdeck.token': 'old' });
    expect(takePageToken(p.address)).toBe('new');
    expect(p.stored['procdeck.token']).toBe('new');
  });

  it('still connects, and still clears the address, where storage is forbidden', () => {
    const p = page('#token=t', {}, false);
    expect(takePageToken(p.address)).toBe('t');
    expect(p.replaced).toEqual(['/']);
    expect(takePageToken(page('', {}, false).address)).toBeNull();
  });
});
