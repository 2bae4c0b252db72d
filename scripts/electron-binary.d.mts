export type ElectronLocation =
  | { readonly ok: true; readonly path: string; readonly version: string | null }
  | { readonly ok: false; readonly reason: string };

export function executableInDist(platform?: string): string;
export function electronPackageDir(env?: NodeJS.ProcessEnv): string | null;
export function locateElectron(env?: NodeJS.ProcessEnv): ElectronLocation;
export function downloadElectron(env?: NodeJS.ProcessEnv): { readonly ok: boolean; readonly output: string };
