export function unpackedFolders(dir: string, depth?: number): string[];
export function afterPack(context: { readonly appOutDir: string }): Promise<void>;
export default afterPack;
