/**
 * Which links from process output may be opened outside the app: http(s) only.
 * Output is untrusted; `file:`, `javascript:` and custom schemes never leave the view.
 */
const MAX_URL = 2048;

export function isSafeExternalUrl(url: string): boolean {
  if (url.length > MAX_URL) return false;
  // No whitespace or control characters anywhere; an explicit http(s) scheme and a host.
  if (/[\u0000-\u0020\u007f]/.test(url)) return false;
  return /^https?:\/\/[^/?#@]+/i.test(url);
}
