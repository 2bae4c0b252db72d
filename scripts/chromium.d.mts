export const CHROMIUM_ARGS: readonly string[];
export function chromiumPath(env?: NodeJS.ProcessEnv): string | undefined;
