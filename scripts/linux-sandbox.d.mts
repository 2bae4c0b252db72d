export interface SandboxProbe {
  readonly platform: NodeJS.Platform;
  readonly uid: number | null;
  readonly electronPath: string;
  readonly sandbox: { readonly path: string; readonly uid: number; readonly mode: number } | null;
  readonly apparmorRestrictsUserns: boolean;
  readonly usernsCloneOff: boolean;
  readonly profileAllows: boolean;
}
export function probeSandbox(electronPath: string): SandboxProbe;
export function sandboxProblem(probe: SandboxProbe): string[] | null;
