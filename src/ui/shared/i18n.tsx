/**
 * UI language: English and German, chosen from Office's display language. Every pane keeps its strings in a
 * resource module shaped `{ en: {...}, de: {...} }` with the same keys (the type enforces it).
 */
import { createContext, useCallback, useContext } from "react";
import type { Language } from "../../core/types";

export type Resources<K extends string> = { en: Record<K, string>; de: Record<K, string> };

export const LanguageContext = createContext<Language>("en");

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

/** Replace {name} placeholders. Values are inserted as text (React escapes them), never as HTML. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `const t = useStrings(strings); t("encrypt", { count: 2 })` */
/** The function useStrings returns: a string by key, with {placeholders} filled from `vars`. */
export type TranslateFn<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

export function useStrings<K extends string>(resources: Resources<K>): TranslateFn<K> {
  const language = useLanguage();
  return useCallback((key: K, vars?: Record<string, string | number>) => format(resources[language][key], vars), [language, resources]);
}

const LOCALES: Record<Language, string> = { en: "en-GB", de: "de-DE" };

export function formatDate(date: Date, language: Language, withTime = false): string {
  return new Intl.DateTimeFormat(LOCALES[language], withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" }).format(date);
}

export function formatSize(bytes: number, language: Language): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
