import { BUILTIN_PATTERNS, MATCH_VALIDATORS } from "./patterns";
import type { DetectionPattern, PatternMatch } from "./types";
import { DEFAULT_CONFIG } from "../config";

/** A regex's "g" flag plus the allowed ones from the pattern (ES2017-safe: i, m, u). */
function compilePattern(p: DetectionPattern): RegExp {
  const flags = (p.flags ?? "i").replace(/[^imu]/g, "");
  return new RegExp(p.regex, "g" + flags);
}

/**
 * Which patient-data patterns occur in `text`. One match per pattern id, in pattern order.
 * Never returns the matched text itself (it is patient data).
 */
export function detectPatientData(text: string, patterns: readonly DetectionPattern[] = BUILTIN_PATTERNS): PatternMatch[] {
  // Outlook bodies are at most about 1,000,000 characters; never scan more than maxScanChars.
  const max = DEFAULT_CONFIG.maxScanChars;
  const input = text.length > max ? text.slice(0, max) : text;
  const found: PatternMatch[] = [];
  for (const p of patterns) {
    if (found.some((f) => f.id === p.id)) continue;
    if (matches(input, p)) found.push({ id: p.id, label: p.label });
  }
  return found;
}

function matches(text: string, p: DetectionPattern): boolean {
  const re = compilePattern(p);
  const validate = MATCH_VALIDATORS[p.id];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (!validate || validate(m[0])) return true;
    if (m[0].length === 0) re.lastIndex++; // an empty match would loop forever
  }
  return false;
}
