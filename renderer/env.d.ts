// Stylesheets are bundled by Vite; importing one is a side effect only.
declare module '*.css';

/** True only in a build made for the tests (PROCDECK_TEST_HOOK=1): installs `window.__procdeckTest`. */
declare const __PROCDECK_TEST_HOOK__: boolean;
