export const TEST_HOOK_ENV: string;
export const TEST_HOOK_MARKER: string;
export function bundleHasTestHook(rendererDir: string): boolean;
export function buildApp(options?: { testHook: boolean; outDir?: string }): void;
export function ensureTestHookBuild(): void;
