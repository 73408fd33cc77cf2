/**
 * A fake nested-app-authentication bridge (what Outlook offers an add-in as `window.nestedAppAuthBridge`),
 * so the real `@azure/msal-browser` runs unchanged in the simulator. Protocol as msal-browser 5 speaks it
 * (dist/naa/BridgeProxy.mjs): JSON requests `{ messageType: "NestedAppAuthRequest", method, requestId,
 * tokenParams }` through postMessage; JSON answers to "message" listeners with `success` and either
 * `initContext`, `token` + `account`, or `error: { status, code, description }`.
 *
 * Like the real tenant: a token only for the registered client ID (else AADSTS700016), only after consent to
 * Mail.Send (silent: interaction required, AADSTS65001; the popup gives consent unless only admins may).
 * Faults through `failNext`: "NAA.GetToken" (silent) and "NAA.GetTokenPopup" with ConsentRequired,
 * PopupBlocked, UserCancel, ConsentDenied, AdminConsentRequired, NoNetwork, Disabled, ServerError.
 */
import { deliveryState, takeNaaFault } from "./delivery-state";
import { issueToken } from "./graph";
import type { SimMailbox } from "./mailbox-state";

interface BridgeError {
  status: "USER_INTERACTION_REQUIRED" | "USER_CANCEL" | "NO_NETWORK" | "TRANSIENT_ERROR" | "PERSISTENT_ERROR" | "DISABLED" | "ACCOUNT_UNAVAILABLE";
  code?: string;
  description?: string;
}

/** A bridge failure as an Error (what `handle` turns into the bridge's error answer). */
class BridgeFault extends Error {
  constructor(readonly error: BridgeError) {
    super(error.description ?? error.status);
  }
}

const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const FAULTS: Record<string, BridgeError> = {
  ConsentRequired: { status: "USER_INTERACTION_REQUIRED", code: "invalid_grant", description: "AADSTS65001: The user or administrator has not consented to use the application." },
  PopupBlocked: { status: "PERSISTENT_ERROR", code: "popup_window_error", description: "Error opening popup window. Popups may be blocked in the browser." },
  UserCancel: { status: "USER_CANCEL" },
  ConsentDenied: { status: "PERSISTENT_ERROR", code: "access_denied", description: "AADSTS65004: User declined to consent to access the app." },
  AdminConsentRequired: { status: "PERSISTENT_ERROR", code: "access_denied", description: "AADSTS90094: An administrator of the organisation must grant admin consent for this app." },
  NoNetwork: { status: "NO_NETWORK" },
  Disabled: { status: "DISABLED" },
  ServerError: { status: "TRANSIENT_ERROR", code: "temporarily_unavailable", description: "AADSTS50196: The server is temporarily unavailable." },
};

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function account(user: string) {
  const oid = "00000000-0000-4000-8000-" + Array.from(user).reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16).padStart(12, "0").slice(-12);
  return { homeAccountId: `${oid}.${TENANT}`, environment: "login.microsoftonline.com", tenantId: TENANT, username: user, localAccountId: oid, name: user, oid };
}

/** Resource (audience) and scope name from the requested scopes ("Mail.Send" alone means the global Graph). */
function mailSend(scopes: string): { audience: string } | undefined {
  for (const s of scopes.split(" ")) {
    if (s === "Mail.Send") return { audience: "https://graph.microsoft.com" };
    const m = /^(https?:\/\/[^/]+)\/Mail\.Send$/.exec(s);
    if (m) return { audience: m[1] };
  }
  return undefined;
}

export function installFakeNaaBridge(win: Window & { nestedAppAuthBridge?: unknown }, backend: SimMailbox): void {
  const listeners: ((event: { data: string }) => void)[] = [];
  const answer = (response: Record<string, unknown>) => {
    const data = JSON.stringify({ messageType: "NestedAppAuthResponse", ...response });
    setTimeout(() => listeners.forEach((l) => l({ data })), 5);
  };

  async function token(method: "GetToken" | "GetTokenPopup", params: { clientId?: string; scope?: string }): Promise<Record<string, unknown>> {
    const state = deliveryState(backend);
    const fault = takeNaaFault(backend, `NAA.${method}`);
    if (fault) {
      if (!FAULTS[fault]) throw new BridgeFault({ status: "PERSISTENT_ERROR", code: "unknown_fault", description: `simulator: unknown NAA fault ${fault}` });
      throw new BridgeFault(FAULTS[fault]);
    }
    if (params.clientId !== state.registeredClientId) {
      throw new BridgeFault({ status: "PERSISTENT_ERROR", code: "invalid_client", description: `AADSTS700016: Application with identifier '${params.clientId}' was not found in the directory.` });
    }
    const wanted = mailSend(params.scope ?? "");
    if (!wanted) throw new BridgeFault({ status: "PERSISTENT_ERROR", code: "invalid_scope", description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid." });
    if (!state.consented) {
      if (method === "GetToken") throw new BridgeFault(FAULTS.ConsentRequired);
      if (state.adminConsentOnly) throw new BridgeFault(FAULTS.AdminConsentRequired);
      state.consented = true; // the user consented in Outlook's window
    }
    const user = backend.draft.from.emailAddress;
    const issued = await issueToken(backend, { scope: "Mail.Send", user, audience: wanted.audience, clientId: state.registeredClientId });
    const acct = account(user);
    const now = Math.floor(Date.now() / 1000);
    const idToken = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ aud: state.registeredClientId, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: acct.oid, sub: acct.oid, preferred_username: user, name: user, iat: now, exp: now + issued.expires_in, ver: "2.0" })}.`;
    return {
      token: { access_token: issued.access_token, id_token: idToken, expires_in: issued.expires_in, scope: params.scope, authority: `https://login.microsoftonline.com/${TENANT}` },
      account: { homeAccountId: acct.homeAccountId, environment: acct.environment, tenantId: acct.tenantId, username: user, localAccountId: acct.localAccountId, name: acct.name },
    };
  }

  async function handle(raw: string): Promise<void> {
    const request = JSON.parse(raw) as { method: string; requestId: string; tokenParams?: { clientId?: string; scope?: string } };
    const method = request.method;
    try {
      if (method === "GetInitContext") {
        answer({ requestId: request.requestId, success: true, initContext: { sdkName: "spm-simulator", sdkVersion: "1.0", capabilities: { queryAccount: false }, accountContext: null } });
      } else if (method === "GetToken" || method === "GetTokenPopup") {
        const result = await token(method, request.tokenParams ?? {});
        backend.record({ method: `NAA.${method}`, outcome: "succeeded" });
        answer({ requestId: request.requestId, success: true, ...result });
      } else {
        throw new BridgeFault({ status: "PERSISTENT_ERROR", code: "unsupported_method", description: `simulator: ${method} is not implemented` });
      }
    } catch (e) {
      const error: BridgeError = e instanceof BridgeFault ? e.error : { status: "TRANSIENT_ERROR", code: "simulator_error", description: e instanceof Error ? e.message : String(e) };
      backend.record({ method: `NAA.${method}`, outcome: "failed", error: error.code ?? error.status });
      answer({ requestId: request.requestId, success: false, error });
    }
  }

  win.nestedAppAuthBridge = {
    addEventListener(type: string, listener: (event: { data: string }) => void) {
      if (type === "message") listeners.push(listener);
    },
    removeEventListener(type: string, listener: (event: { data: string }) => void) {
      const i = listeners.indexOf(listener);
      if (type === "message" && i >= 0) listeners.splice(i, 1);
    },
    postMessage(message: string) {
      void handle(message);
    },
  };
}
