/**
 * Names the engines accept: DNS-1123 labels (Kubernetes objects, Compose services, the app
 * name everywhere). Pure.
 */

/** At most 63 characters of `a-z`, `0-9` and `-`, starting and ending alphanumeric. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isDnsLabel(name: string): boolean {
  return DNS_LABEL.test(name);
}

/**
 * The nearest DNS-1123 label: lower case, every run of other characters becomes one `-`,
 * no dash at either end, cut to 63. `clock_1` → `clock-1`, `My App` → `my-app`. May be
 * empty (a name of nothing but punctuation): callers must say so.
 */
export function toDnsLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
