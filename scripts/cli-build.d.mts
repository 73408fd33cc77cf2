import type { BuildOptions } from "esbuild";
export declare function cliBuildOptions(outfile: string): BuildOptions;
