/** Waiting for Office.js to initialise (the pane's first step). */
import { SpmError } from "../core/errors";

export interface OfficeReadyInfo {
  host: string | null;
  platform: string | null;
}

/** Resolve when `Office.onReady` fires; HOST_ERROR if Office.js is absent or silent for `timeoutMs`. */
export async function waitForOffice(office: typeof Office | undefined = globalThis.Office, timeoutMs = 15_000): Promise<OfficeReadyInfo> {
  if (!office || typeof office.onReady !== "function") {
    throw new SpmError("HOST_ERROR", "Office.js is not loaded: open this page inside Outlook", { details: { officeError: "NoOffice" } });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SpmError("HOST_ERROR", "Office.js did not become ready", { details: { officeError: "Timeout" } })), timeoutMs);
  });
  try {
    const info = await Promise.race([office.onReady(), timeout]);
    return { host: info?.host == null ? null : String(info.host), platform: info?.platform == null ? null : String(info.platform) };
  } finally {
    clearTimeout(timer);
  }
}

/** True if the host supports Mailbox requirement set `version` (e.g. "1.8"). */
export function supportsMailbox(office: typeof Office, version: string): boolean {
  return office.context?.requirements?.isSetSupported("Mailbox", version) === true;
}
