export function spawnHelpers(root: string): string[];
export function restoreSpawnHelperMode(root: string): string[];
