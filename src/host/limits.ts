/**
 * Size limits of the host: the documented attachment limits per platform (attachment-budget.ts has the
 * sources and the plan). The pane checks them before it starts, so nothing is half done.
 */
import { ATTACHMENT_MAX_BASE64_CHARS, attachmentBudgetFor, type AttachmentBudget } from "./attachment-budget";

export { ATTACHMENT_MAX_BASE64_CHARS };

/** Office.context.platform ("OfficeOnline", "PC", "Mac", ...) or "" when unknown. */
export function hostPlatform(office: typeof Office = globalThis.Office): string {
  const context = office?.context as (Office.Context & { platform?: unknown }) | undefined;
  return String(context?.platform ?? context?.diagnostics?.platform ?? "");
}

/** The largest base64 attachment one add accepts on this host. */
export function attachmentLimitBase64Chars(office: typeof Office = globalThis.Office): number {
  return attachmentBudget(office).maxBase64Chars;
}

/** Every attachment limit of this host (unknown platforms get the web's, the strictest). */
export function attachmentBudget(office: typeof Office = globalThis.Office): AttachmentBudget {
  return attachmentBudgetFor(hostPlatform(office));
}
