/**
 * Office error codes as an Outlook add-in receives them in `asyncResult.error` ({ code, name, message }), for
 * the simulator's fake Office: `failNext(method, codeOrName)` and the fake's own failures.
 *
 * Sources:
 * - Office.js itself, npm @microsoft/office-js 1.1.110: office-errors-data.ts, generated from the package by
 *   scripts/gen-office-errors.mjs. Outlook's codes 9000-9055 with Outlook's names (getErrorArgs.ts, the same
 *   in the web, Windows, Mac, iOS and Android bundles), and the Office common API codes 1000-13991 with the
 *   display names Office.js gives them ("Internal Error", "API Call Failed", ...). A code without a message
 *   of its own (9017-9020) reports 5001's, as OSF.DDA.ErrorCodeManager.getErrorArgs does.
 * - "Office Common API error codes", learn.microsoft.com/office/dev/add-ins/reference/
 *   javascript-api-for-office-error-codes (office-js-docs-pr docs/reference/javascript-api-for-office-error-codes.md,
 *   ms.date 09/01/2022): 9057, documented there for roamingSettings over 32 KB but absent from that Office.js
 *   build. Its name follows Office.js' rule for Outlook codes (the page's words without spaces).
 * - The Outlook API reference's "Errors" sections name some failures in a form Office.js never reports
 *   (REFERENCE_NAMES below). The fake and its tests use those names; asked for by such a name, the fake
 *   reports that name, with the code Office.js uses for the same failure.
 */
import { COMMON_ERROR_ROWS, OUTLOOK_ERROR_ROWS, UNMAPPED_COMMON_CODES } from "./office-errors-data";

export interface OfficeErrorShape {
  code: number;
  name: string;
  message: string;
}

const DOCUMENTED_ONLY: OfficeErrorShape[] = [
  { code: 9057, name: "SizeLimitExceeded", message: "A maximum of 32KB is available for the settings of each add-in." },
];

/** Names from the Outlook API reference (and the fake's own), with the code Office.js uses for that failure. */
export const REFERENCE_NAMES: Readonly<Record<string, { code: number; message: string }>> = {
  // Body or subject over the limit. Office.js checks this before calling the host and throws
  // Sys.ArgumentOutOfRangeException synchronously (validateBodyParameters; office-js#6263); 2009 is Office's
  // code for a data object too large to write, where a host reports it.
  DataExceedsMaximumSize: { code: 2009, message: "The data exceeds the maximum size." },
  // Html coercion on a text body: Office.js reports 2006 "Invalid Format Error" with this message.
  InvalidFormatError: { code: 2006, message: "The format of the specified data object is invalid." },
  // 5001, "Internal Error" in Office.js.
  InternalError: { code: 5001, message: "An internal error has occurred." },
  // A 4th pending call on Outlook on the web (office-js #3211, #3274): 5100, "API Call Failed" in Office.js.
  TooManyIncompleteRequests: { code: 5100, message: "Wait until the previous call completes." },
};

const toShape = ([code, name, message]: readonly [number, string, string]): OfficeErrorShape => ({ code, name, message });

/** Every code, once, as Office.js reports it; ordered by code. */
export const OFFICE_ERRORS: readonly OfficeErrorShape[] = [...COMMON_ERROR_ROWS.map(toShape), ...OUTLOOK_ERROR_ROWS.map(toShape), ...DOCUMENTED_ONLY].sort(
  (a, b) => a.code - b.code,
);

const BY_CODE = new Map(OFFICE_ERRORS.map((e) => [e.code, e]));
const BY_NAME = new Map<string, OfficeErrorShape[]>();
for (const e of OFFICE_ERRORS) {
  // Unmapped codes carry 5001's name: by name, "Internal Error" means 5001.
  if (UNMAPPED_COMMON_CODES.includes(e.code)) continue;
  BY_NAME.set(e.name, [...(BY_NAME.get(e.name) ?? []), e]);
}

/** A simulator misuse (unknown or ambiguous error): thrown to the test that asked, never delivered to the pane. */
export class UnknownOfficeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownOfficeError";
  }
}

/**
 * The error for a code (number or digit string) or a name. Office.js names of common codes are not unique
 * ("API Call Failed" is 5011, 5013, 5100, ...): such a name is refused with the codes to choose from.
 */
export function resolveOfficeError(codeOrName: string | number): OfficeErrorShape {
  if (typeof codeOrName === "number" || /^\d+$/.test(codeOrName)) {
    const found = BY_CODE.get(Number(codeOrName));
    if (!found) throw new UnknownOfficeError(`${codeOrName} is not an Office error code (see src/simulator/office-errors.ts)`);
    return { ...found };
  }
  if (typeof codeOrName !== "string" || codeOrName === "") throw new UnknownOfficeError("An Office error code or name is required");
  const reference = Object.hasOwn(REFERENCE_NAMES, codeOrName) ? REFERENCE_NAMES[codeOrName] : undefined;
  if (reference) return { code: reference.code, name: codeOrName, message: reference.message };
  const named = BY_NAME.get(codeOrName) ?? [];
  if (named.length === 1) return { ...named[0] };
  if (named.length > 1) {
    throw new UnknownOfficeError(`"${codeOrName}" names several Office errors (${named.map((e) => e.code).join(", ")}): pass the code`);
  }
  throw new UnknownOfficeError(`"${codeOrName}" is not an Office error name (see src/simulator/office-errors.ts)`);
}

/** What the fake delivers in `asyncResult.error`; `message` replaces the table's, as a host's own text does. */
export function officeError(codeOrName: string | number, message?: string): OfficeErrorShape {
  const error = resolveOfficeError(codeOrName);
  return message === undefined ? error : { ...error, message };
}
