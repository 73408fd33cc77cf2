/**
 * A Microsoft Graph `Mail.Send` token through nested app authentication (NAA): Outlook signs the add-in in
 * with the mailbox's own account, no redirect and no password in the add-in (graph-naa.md §2).
 *
 * - `@azure/msal-browser` is loaded on first use (dynamic import): it is not part of the pane's initial code.
 * - `createNestablePublicClientApplication` silently falls back to a normal browser sign-in when Outlook
 *   offers no NAA bridge; we pass a fallback factory that refuses instead, so "NAA in use" is certain.
 * - `silent()` never shows anything; `interactive()` opens Outlook's sign-in/consent window and must only be
 *   called from a user's click.
 * Failures are HOST_ERROR with `details.auth` (AuthProblem): hosts report the same situation with different
 * codes (OWA `invalid_grant`, new Outlook `"2"`), so the classes are deliberately broad.
 */
import { SpmError, isSpmError } from "../core/errors";

export type AuthProblem =
  /** Sign-in or consent is needed: show a "Sign in" button (interactive() on click). */
  | "interaction-required"
  /** The tenant requires an administrator's consent for this app. */
  | "admin-consent-required"
  | "cancelled"
  | "offline"
  /** This Outlook cannot sign add-ins in (no NAA bridge, bridge disabled, unsupported method). */
  | "unavailable"
  /** The sign-in window could not open. */
  | "popup-blocked"
  /** Anything else (AADSTS errors such as an unknown client ID): `details.authCode` names it. */
  | "failed";

export interface TokenPort {
  silent(): Promise<string>;
  interactive(): Promise<string>;
}

export interface NaaConfig {
  clientId: string;
  authority: string;
  /** Graph root of the tokens' audience, e.g. https://graph.microsoft.com. */
  resource: string;
}

/** The part of msal-browser this port uses (typed loosely so a test can pass a fake). */
export interface MsalLike {
  createNestablePublicClientApplication(
    config: { auth: { clientId: string; authority: string }; cache: { cacheLocation: "memoryStorage" } },
    correlationId?: string,
    pcaFactory?: undefined,
    standardPcaFactory?: () => never,
  ): Promise<PcaLike>;
}
export interface PcaLike {
  acquireTokenSilent(request: { scopes: string[] }): Promise<{ accessToken: string }>;
  acquireTokenPopup(request: { scopes: string[] }): Promise<{ accessToken: string }>;
}

const CODES_CANCELLED = ["user_canceled", "user_cancelled"];
const CODES_OFFLINE = ["no_network_connectivity", "network_error"];
const CODES_UNAVAILABLE = ["nested_app_auth_bridge_disabled", "unsupported_method", "no_account_error", "naa_unavailable"];
const CODES_POPUP = ["popup_window_error", "empty_window_error", "block_nested_popups"];
/** AADSTS65001 (no consent), 90094 / 90099 (admin consent required): the popup cannot fix these for a user. */
const ADMIN_CONSENT = /AADSTS(90094|90099)\b|admin(istrator)? (consent|approval)/i;

/** The scope for Mail.Send at this Graph root ("Mail.Send" alone means the global Graph). */
export function mailSendScope(resource: string): string {
  return `${new URL(resource).origin}/Mail.Send`;
}

/** Sort an MSAL (or host) error into an AuthProblem. */
export function classifyAuthError(e: unknown): { problem: AuthProblem; code: string } {
  if (isSpmError(e) && typeof e.details?.auth === "string") {
    const authCode = e.details.authCode;
    return { problem: e.details.auth as AuthProblem, code: typeof authCode === "string" ? authCode : "" };
  }
  const err = (typeof e === "object" && e !== null ? e : {}) as { name?: unknown; errorCode?: unknown; errorMessage?: unknown; message?: unknown };
  const code = typeof err.errorCode === "string" ? err.errorCode : "";
  const text = `${typeof err.errorMessage === "string" ? err.errorMessage : ""} ${typeof err.message === "string" ? err.message : ""}`;
  if (CODES_CANCELLED.includes(code)) return { problem: "cancelled", code };
  if (CODES_OFFLINE.includes(code)) return { problem: "offline", code };
  if (CODES_UNAVAILABLE.includes(code)) return { problem: "unavailable", code };
  if (CODES_POPUP.includes(code)) return { problem: "popup-blocked", code };
  if (ADMIN_CONSENT.test(text)) return { problem: "admin-consent-required", code: code || "admin_consent" };
  if (err.name === "InteractionRequiredAuthError" || /interaction_required|consent_required|login_required|invalid_grant|AADSTS65001/.test(`${code} ${text}`)) {
    return { problem: "interaction-required", code: code || "interaction_required" };
  }
  return { problem: "failed", code: code || (typeof err.name === "string" ? err.name : "unknown") };
}

function authError(e: unknown, step: "silent" | "interactive" | "start"): SpmError {
  const { problem, code } = classifyAuthError(e);
  return new SpmError("HOST_ERROR", `Sign-in for sending failed (${step}): ${problem}`, { cause: e, details: { officeError: "SignIn", auth: problem, authCode: code, step } });
}

/**
 * A token port for one app registration. The MSAL object is created once, on first use; a failed start
 * (no NAA) is remembered, so the pane does not retry it on every click.
 */
export function createNaaTokenPort(config: NaaConfig, load: () => Promise<MsalLike> = () => import("@azure/msal-browser") as Promise<unknown> as Promise<MsalLike>): TokenPort {
  const scopes = [mailSendScope(config.resource)];
  let pca: Promise<PcaLike> | undefined;
  function start(): Promise<PcaLike> {
    pca ??= (async () => {
      try {
        const msal = await load();
        // Tokens in memory only: nothing for another script on this origin to find in web storage later.
        const msalConfig = { auth: { clientId: config.clientId, authority: config.authority }, cache: { cacheLocation: "memoryStorage" as const } };
        return await msal.createNestablePublicClientApplication(msalConfig, undefined, undefined, () => {
          // No NAA bridge: refuse rather than start a browser sign-in inside Outlook.
          throw new SpmError("HOST_ERROR", "Outlook offers no nested app authentication here", { details: { auth: "unavailable", authCode: "naa_unavailable" } });
        });
      } catch (e) {
        const error = authError(e, "start");
        // Only "no NAA here" is final; anything else (a chunk that failed to load, a network error) may pass.
        if (error.details?.auth !== "unavailable") pca = undefined;
        throw error;
      }
    })();
    return pca;
  }
  /** One token request on the started client; its failure becomes a typed sign-in error naming the step. */
  async function token(step: "silent" | "interactive", request: (app: PcaLike) => Promise<{ accessToken: string }>): Promise<string> {
    const app = await start();
    try {
      return (await request(app)).accessToken;
    } catch (e) {
      throw authError(e, step);
    }
  }
  return {
    silent: () => token("silent", (app) => app.acquireTokenSilent({ scopes })),
    interactive: () => token("interactive", (app) => app.acquireTokenPopup({ scopes })),
  };
}
