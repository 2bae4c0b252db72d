/**
 * The Content-Security-Policy of the renderer, for both hosts.
 *
 * Scripts only from the app itself, no eval; styles from the app plus inline ones
 * (xterm.js writes its own <style> elements); connections only back to the app; no
 * frames, forms, plugins or base-URI tricks.
 */
export function contentSecurityPolicy(options: { connect: readonly string[] } = { connect: [] }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${options.connect.map((c) => ` ${c}`).join('')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
