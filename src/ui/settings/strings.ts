/** Settings pane strings, English and German (same keys; the type checks it). */
import type { Resources } from "../shared";
import { de } from "./strings-de";
import { en, type SettingsStringKey } from "./strings-en";

export type { SettingsStringKey } from "./strings-en";
export const strings: Resources<SettingsStringKey> = { en, de };
