import type { IncomingMessage, ServerResponse } from "node:http";

export declare const OFFICE_JS_URL: string;
export declare const FAKE_OFFICE_PATH: string;
export declare function buildDev(options: { outDir: string; cwd?: string; extraEntries?: Record<string, string>; extraStaticDirs?: string[] }): Promise<void>;
export declare function rewriteOfficeScript(html: string): string;
export declare function createHandler(options: { roots: string[]; fakeOffice?: "always" | "simulator-only"; graph?: boolean }): (req: IncomingMessage, res: ServerResponse) => void;
export declare const CSP_REPORT_PATH: string;
export declare function devHeaders(url: string, options?: { connectOrigins?: string[] }): Record<string, string>;
export declare function officeFakeMiddleware(server: unknown, options?: { fakeOffice?: "always" | "simulator-only"; connectOrigins?: string[] }): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export declare function staticHeaders(pathname: string): Record<string, string>;
