/**
 * Size limits of the host (platform-facts.md): the documented base64 attachment limit, and the lower one
 * reported for Outlook on the web. The pane checks them before it starts, so nothing is half done.
 */
export const ATTACHMENT_MAX_BASE64_CHARS = 34_865_152;
/** Outlook on the web / new Outlook: reports of failures from about 27.9 million characters. */
export const ATTACHMENT_MAX_BASE64_CHARS_WEB = 27_900_000;

/** Office.context.platform ("OfficeOnline", "PC", "Mac", ...) or "" when unknown. */
export function hostPlatform(office: typeof Office = globalThis.Office): string {
  const context = office?.context as (Office.Context & { platform?: unknown }) | undefined;
  return String(context?.platform ?? context?.diagnostics?.platform ?? "");
}

/** The largest base64 attachment this host accepts; unknown platforms get the web's lower limit. */
export function attachmentLimitBase64Chars(office: typeof Office = globalThis.Office): number {
  const platform = hostPlatform(office);
  return platform === "PC" || platform === "Mac" ? ATTACHMENT_MAX_BASE64_CHARS : ATTACHMENT_MAX_BASE64_CHARS_WEB;
}
