import type { BuildOptions } from "esbuild";
export declare function cliBuildOptions(outdir: string): BuildOptions;
