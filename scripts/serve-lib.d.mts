import type { IncomingMessage, ServerResponse } from "node:http";
import type { BuildContext } from "esbuild";

export declare const OFFICE_JS_URL: string;
export declare const FAKE_OFFICE_PATH: string;
export declare function copyStatic(outDir: string, cwd?: string, extraDirs?: string[]): void;
export declare function buildDev(options: { outDir: string; cwd?: string; extraEntries?: Record<string, string>; extraStaticDirs?: string[] }): Promise<void>;
export declare function watchDev(options: { outDir: string; cwd?: string }): Promise<BuildContext[]>;
export declare function rewriteOfficeScript(html: string): string;
export declare function createHandler(options: { roots: string[]; fakeOffice?: "always" | "simulator-only" }): (req: IncomingMessage, res: ServerResponse) => void;
