/** UI language and theme from the host. */
import type { Language } from "../core/types";

/** "de", "de-DE", "de-CH" ... -> "de"; everything else -> "en". */
export function languageFromTag(tag: string | undefined | null): Language {
  return typeof tag === "string" && /^de(-|$)/i.test(tag) ? "de" : "en";
}

export function hostLanguage(office: typeof Office = globalThis.Office): Language {
  return languageFromTag(office?.context?.displayLanguage);
}

export interface HostTheme {
  isDark: boolean;
  bodyBackgroundColor?: string;
  bodyForegroundColor?: string;
}

/**
 * Dark or light. `Office.context.officeTheme` "isn't supported in Outlook add-ins that implement event-based
 * activation" (this one does: the send guard) and needs Mailbox 1.14 (office-js-docs-reference,
 * docs/docs-ref-autogen/office/office/office.officetheme.yml), and its `isDarkTheme` is not supported in Outlook:
 * so the body background's luminance decides when Outlook gives a theme at all, and otherwise the webview's
 * `prefers-color-scheme` (`prefersDark`, read by the caller: the host layer has no DOM).
 */
export function hostTheme(office: typeof Office = globalThis.Office, prefersDark: () => boolean = () => false): HostTheme {
  let t: Office.OfficeTheme | undefined;
  try {
    t = office?.context?.officeTheme;
  } catch {
    t = undefined; // some hosts throw for an unsupported member instead of returning undefined: no theme
  }
  const fromColor = isDarkColor(t?.bodyBackgroundColor);
  if (!t || fromColor === undefined) return { isDark: prefersDark() };
  return { isDark: fromColor, bodyBackgroundColor: t.bodyBackgroundColor, bodyForegroundColor: t.bodyForegroundColor };
}

/** undefined when `hex` is not a #rrggbb colour. */
function isDarkColor(hex: string | undefined): boolean | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

/** The signed-in user's address (to prefill forms), when Outlook gives a plausible one. */
export function hostUserEmail(office: typeof Office = globalThis.Office): string | undefined {
  const v: unknown = office?.context?.mailbox?.userProfile?.emailAddress;
  return typeof v === "string" && /^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined;
}
