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

export function hostTheme(office: typeof Office = globalThis.Office): HostTheme {
  const t = office?.context?.officeTheme as (Office.OfficeTheme & { isDarkTheme?: boolean }) | undefined;
  if (!t) return { isDark: false };
  const isDark = t.isDarkTheme ?? isDarkColor(t.bodyBackgroundColor);
  return { isDark, bodyBackgroundColor: t.bodyBackgroundColor, bodyForegroundColor: t.bodyForegroundColor };
}

function isDarkColor(hex: string | undefined): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? "");
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

/** The signed-in user's address (to prefill forms), when Outlook gives a plausible one. */
export function hostUserEmail(office: typeof Office = globalThis.Office): string | undefined {
  const v: unknown = office?.context?.mailbox?.userProfile?.emailAddress;
  return typeof v === "string" && /^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined;
}
