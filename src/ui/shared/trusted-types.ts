/**
 * Trusted Types (the page policy's `require-trusted-types-for 'script'`, scripts/csp.mjs): in browsers that
 * enforce them (Chromium, so Edge WebView2 and new Outlook), a string can no longer reach an HTML, script or
 * script-URL sink; only a value made by a named policy can. TypeScript's DOM library has no types for the API
 * yet, so the few we use are declared here. Where the browser has no Trusted Types, policies are undefined
 * and callers pass plain strings (the CSP's other directives and the sanitizer still hold).
 */

/** An opaque value the browser accepts at an HTML sink (a string where Trusted Types are not supported). */
export type TrustedHtmlValue = string & { readonly __trustedHtml?: never };

export interface TrustedTypePolicyLike {
  readonly name: string;
  createHTML?(input: string): TrustedHtmlValue;
  createScriptURL?(input: string): unknown;
}

interface PolicyRules {
  createHTML?: (input: string) => string | null;
  createScriptURL?: (input: string) => string | null;
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: PolicyRules): TrustedTypePolicyLike;
  readonly defaultPolicy: TrustedTypePolicyLike | null;
}

export function trustedTypesFactory(): TrustedTypesFactory | undefined {
  const tt = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  return tt && typeof tt.createPolicy === "function" ? tt : undefined;
}

/**
 * Create a named policy, or undefined without Trusted Types. Creating a name twice throws (the policy
 * forbids duplicates): each policy is created once, at module load, by the one module that owns it.
 */
export function createTrustedTypesPolicy(name: string, rules: PolicyRules): TrustedTypePolicyLike | undefined {
  return trustedTypesFactory()?.createPolicy(name, rules);
}
