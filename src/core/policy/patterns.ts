import type { DetectionPattern } from "./types";

/*
 * Built-in patient-data detectors (English and German).
 * Every quantifier is bounded by a small constant and alternatives do not overlap in a way that
 * nests repetition, so each match attempt costs O(1) and a scan is linear in the text length
 * (no catastrophic backtracking; see test/unit/policy adversarial cases). No lookbehind, no named
 * groups, no "s" flag: the handler runs in ES2017 engines.
 */

const DATE = "(?:\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})|\\d{4}-\\d{2}-\\d{2})";

export const BUILTIN_PATTERNS: readonly DetectionPattern[] = [
  {
    id: "dob",
    label: { en: "date of birth", de: "Geburtsdatum" },
    // "DOB 01.02.1960", "date of birth: 1960-02-01", "geb. 1.2.60", "Geburtsdatum: 01/02/1960"
    regex:
      "\\b(?:D\\.?O\\.?B\\.?|date of birth|birth ?date|born(?: on)?|geb\\.|geboren(?: am)?|Geburtsdatum|Geb\\.-?Datum)" +
      "[ \\t]{0,3}:?[ \\t]{0,3}(?:am[ \\t]{1,3})?" + DATE + "(?!\\d)",
    flags: "i",
  },
  {
    id: "kvnr",
    label: { en: "health insurance number", de: "Krankenversichertennummer" },
    // Letter + 9 digits; the check digit is validated in code (see kvnrCheckDigitValid).
    regex: "\\b[A-Z][0-9]{9}\\b",
    flags: "",
  },
  {
    id: "patient-id",
    label: { en: "patient or case number", de: "Patienten- oder Fallnummer" },
    regex:
      "\\b(?:Patienten-?(?:Nr|Nummer|ID)|Pat\\.-?Nr|Fall-?(?:Nr|Nummer)|Fallnummer|MRN|patient[ -](?:no|number|id)|case[ -](?:no|number))" +
      "(?![a-z])\\.?[ \\t]{0,3}[:#]?[ \\t]{0,3}(?=[A-Z-]{0,19}[0-9])[A-Z0-9][A-Z0-9-]{2,19}\\b",
    flags: "i",
  },
  {
    id: "icd10",
    label: { en: "diagnosis code (ICD-10)", de: "Diagnoseschlüssel (ICD-10)" },
    // A code near "ICD"/"Diagnose"/"diagnosis", or two dotted codes in a row ("F32.1, E11.9").
    // Case-sensitive on purpose: "b12" or "room a10" are not codes.
    regex:
      "(?:\\b(?:ICD|icd|Diagnosen?|diagnosen?|DIAGNOSE|[Dd]iagnos[ie]s|Dx|Diag\\.)[^\\n]{0,40}?\\b[A-TV-Z][0-9]{2}(?:\\.[0-9]{1,2})?[+*!]?(?![0-9]))" +
      "|(?:\\b[A-TV-Z][0-9]{2}\\.[0-9]{1,2}[+*!]?[ \\t]{0,3}(?:,|;|/|und|and)[ \\t]{0,3}[A-TV-Z][0-9]{2}\\.[0-9]{1,2}(?![0-9]))",
    flags: "",
  },
  {
    id: "clinical-report",
    label: { en: "clinical report", de: "medizinischer Befund" },
    regex:
      "\\b(?:Befund(?:bericht)?e?|Laborbefund|Arztbrief|Entlassungsbrief|Epikrise|Anamnese|discharge summary|lab results?|medical report|pathology report)\\b" +
      "|\\b(?:Diagnose|diagnosis)[ \\t]{0,3}:",
    flags: "i",
  },
];

export const BUILTIN_PATTERN_IDS: readonly string[] = BUILTIN_PATTERNS.map((p) => p.id);

/**
 * German KVNR (Krankenversichertennummer, unveraenderbarer Teil): letter A-Z, 8 digits, check digit.
 * The letter becomes its two-digit position (A=01 ... Z=26); the 10 digits are weighted 1,2,1,2,...;
 * two-digit products are replaced by their digit sum; the check digit is the sum mod 10.
 */
export function kvnrCheckDigitValid(kvnr: string): boolean {
  if (!/^[A-Z][0-9]{9}$/.test(kvnr)) return false;
  const pos = kvnr.charCodeAt(0) - 64;
  const digits = (pos < 10 ? "0" + pos : String(pos)) + kvnr.slice(1, 9);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let p = Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
    if (p > 9) p = Math.floor(p / 10) + (p % 10);
    sum += p;
  }
  return sum % 10 === Number(kvnr[9]);
}

/** Extra checks after a regex hit, keyed by built-in id. */
export const MATCH_VALIDATORS: Record<string, (match: string) => boolean> = {
  kvnr: kvnrCheckDigitValid,
};
