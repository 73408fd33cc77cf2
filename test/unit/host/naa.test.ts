/** The NAA token port: no browser fallback, silent vs window, and the broad error classes hosts need. */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { isSpmError } from "../../../src/core/errors";
import { classifyAuthError, createNaaTokenPort, mailSendScope, type MsalLike, type PcaLike } from "../../../src/host/naa";

function msalError(name: string, errorCode: string, errorMessage = ""): Error {
  return Object.assign(new Error(`${errorCode}: ${errorMessage}`), { name, errorCode, errorMessage });
}

describe("classifyAuthError", () => {
  test("host spellings map to the same problem", () => {
    const cases: [Error, string][] = [
      [msalError("InteractionRequiredAuthError", "invalid_grant", "AADSTS65001: The user or administrator has not consented"), "interaction-required"],
      [msalError("InteractionRequiredAuthError", "2", "InteractionRequired"), "interaction-required"],
      [msalError("ClientAuthError", "user_canceled"), "cancelled"],
      [msalError("ServerError", "user_cancelled", "User cancelled the flow."), "cancelled"],
      [msalError("ClientAuthError", "no_network_connectivity"), "offline"],
      [msalError("ClientAuthError", "nested_app_auth_bridge_disabled"), "unavailable"],
      [msalError("BrowserAuthError", "popup_window_error"), "popup-blocked"],
      [msalError("ServerError", "access_denied", "AADSTS90094: admin consent required"), "admin-consent-required"],
      [msalError("ServerError", "invalid_client", "AADSTS700016: Application not found"), "failed"],
    ];
    for (const [e, problem] of cases) assert.equal(classifyAuthError(e).problem, problem, e.message);
    assert.equal(classifyAuthError(msalError("ServerError", "invalid_client")).code, "invalid_client");
  });
});

describe("createNaaTokenPort", () => {
  function fakeMsal(pca: Partial<PcaLike> | "no-bridge") {
    const seen: { config?: unknown; scopes: string[][] } = { scopes: [] };
    let loads = 0;
    const msal: MsalLike = {
      async createNestablePublicClientApplication(config, _c, _p, standard) {
        loads++;
        seen.config = config;
        if (pca === "no-bridge") standard!(); // what MSAL does without a bridge: calls the fallback factory
        return {
          acquireTokenSilent: async (r) => (seen.scopes.push(r.scopes), pca === "no-bridge" ? { accessToken: "" } : pca.acquireTokenSilent!(r)),
          acquireTokenPopup: async (r) => (seen.scopes.push(r.scopes), pca === "no-bridge" ? { accessToken: "" } : pca.acquireTokenPopup!(r)),
        };
      },
    };
    return { msal, seen, loads: () => loads };
  }
  const config = { clientId: "11111111-2222-3333-4444-555555555555", authority: "https://login.microsoftonline.com/common", resource: "https://graph.microsoft.com" };

  test("Mail.Send at the configured Graph, tokens kept in memory only, MSAL created once", async () => {
    const f = fakeMsal({ acquireTokenSilent: async () => ({ accessToken: "silent" }), acquireTokenPopup: async () => ({ accessToken: "popup" }) });
    const port = createNaaTokenPort(config, async () => f.msal);
    assert.equal(await port.silent(), "silent");
    assert.equal(await port.interactive(), "popup");
    assert.deepEqual(f.seen.scopes, [["https://graph.microsoft.com/Mail.Send"], ["https://graph.microsoft.com/Mail.Send"]]);
    assert.deepEqual(f.seen.config, { auth: { clientId: config.clientId, authority: config.authority }, cache: { cacheLocation: "memoryStorage" } });
    assert.equal(f.loads(), 1);
    assert.equal(mailSendScope("http://127.0.0.1:3000/graph"), "http://127.0.0.1:3000/Mail.Send");
  });

  test("without the NAA bridge it refuses (no browser sign-in inside Outlook), and remembers that", async () => {
    const f = fakeMsal("no-bridge");
    const port = createNaaTokenPort(config, async () => f.msal);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(port.silent(), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.auth === "unavailable");
    }
    assert.equal(f.loads(), 1);
  });

  test("a silent failure is typed; a chunk that failed to load may be tried again", async () => {
    const f = fakeMsal({ acquireTokenSilent: async () => Promise.reject(msalError("InteractionRequiredAuthError", "consent_required")) });
    const port = createNaaTokenPort(config, async () => f.msal);
    await assert.rejects(port.silent(), (e: unknown) => isSpmError(e) && e.details?.auth === "interaction-required" && e.details?.step === "silent");
    let attempts = 0;
    const flaky = createNaaTokenPort(config, async () => {
      if (attempts++ === 0) throw new TypeError("Failed to fetch dynamically imported module");
      return f.msal;
    });
    await assert.rejects(flaky.silent(), (e: unknown) => isSpmError(e) && e.details?.step === "start");
    await assert.rejects(flaky.silent(), (e: unknown) => isSpmError(e) && e.details?.step === "silent");
  });
});
