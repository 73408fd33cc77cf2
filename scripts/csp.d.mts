export declare const OFFICE_JS_ORIGIN: string;
export declare const GRAPH_ORIGIN: string;
export declare const TRUSTED_TYPES_POLICIES: string[];
export declare const WEBPACK_TT_POLICY: string;
export declare const OUTLOOK_FRAME_ANCESTORS: string[];
export declare const POLICY_PAGES: string[];
export declare function parseConnectOrigins(value: unknown): string[];
export interface PolicyOptions {
  office?: boolean;
  graph?: boolean;
  connectOrigins?: string[];
}
export declare function policyDirectives(options?: PolicyOptions): [string, string[]][];
export declare function pagePolicy(options?: PolicyOptions): string;
export declare function headerPolicy(options?: { frameAncestors?: string[]; connectOrigins?: string[] }): string;
export declare function hostingHeaders(options?: { frameAncestors?: string[]; connectOrigins?: string[] }): Record<string, string>;
export declare function metaTag(policy: string): string;
export declare function pageProblem(html: string, policy: string): string | undefined;
