import type { BuildOptions } from "esbuild";
export declare function cliBuildOptions(outdir: string): BuildOptions;
export declare function compileCache(outdir: string): void;
export declare function buildCli(outdir: string, overrides?: BuildOptions): Promise<string>;
