/**
 * Where the renderer comes from, and which pages count as ours.
 *
 * Packaged and `npm start`: the custom `app://procdeck/` protocol, served from out/renderer
 * by app-protocol.ts (never `file://`, which would give the page every local file).
 * `npm run dev`: electron-vite's dev server, in a development build only.
 *
 * Origins are compared by parsed protocol and host, never by string prefix:
 * `startsWith('app://procdeck')` would let `app://procdeck.evil` through. (Node's URL
 * gives custom schemes an opaque origin, so `.origin` cannot be compared either.)
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'procdeck';

export interface RendererSource {
  /** The URL a window loads. */
  readonly url: string;
  readonly protocol: string;
  readonly host: string;
  /** True for the development server: the CSP lets Vite's client connect back. */
  readonly devServer: boolean;
}

export const APP_SOURCE: RendererSource = {
  url: `${APP_SCHEME}://${APP_HOST}/index.html`,
  protocol: `${APP_SCHEME}:`,
  host: APP_HOST,
  devServer: false,
};

/** The dev server's source when one is given and the build is not packaged; else the app protocol. */
export function rendererSource(devServerUrl: string | undefined, isPackaged: boolean): RendererSource {
  if (isPackaged || !devServerUrl) return APP_SOURCE;
  let url: URL;
  try {
    url = new URL(devServerUrl);
  } catch {
    return APP_SOURCE;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'http:' || !local) return APP_SOURCE;
  return { url: url.href, protocol: url.protocol, host: url.host, devServer: true };
}

/** True when `url` is a page of ours: same protocol and host as the renderer source. */
export function isOwnUrl(url: string, source: RendererSource): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === source.protocol &&
    parsed.host === source.host &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
