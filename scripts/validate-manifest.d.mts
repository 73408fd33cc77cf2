export declare function validateManifest(xmlText: string, options?: { root?: string; basePath?: string; served?: (path: string) => boolean }): string[];
export declare function servedFrom(root: string): (path: string) => boolean;
export declare function servedFromSource(root: string, entries: Record<string, string>): (path: string) => boolean;
export declare function checkWellKnown(xml: string, root: string): string[];
export declare function checkOrigin(xml: string, origin: string): string[];
export declare const WELL_KNOWN_ALLOWED: string;
