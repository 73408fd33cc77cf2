import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { detectPatientData, kvnrCheckDigitValid, BUILTIN_PATTERNS } from "../../../src/core/policy";

// [text, expected finding ids (sorted)]
const CASES: Array<[string, string[]]> = [
  // date of birth
  ["Patient DOB 01.02.1960, please review", ["dob"]],
  ["date of birth: 1960-02-01", ["dob"]],
  ["Frau Muster, geb. 3.4.55, kommt morgen", ["dob"]],
  ["Geburtsdatum: 01/02/1960", ["dob"]],
  ["geboren am 12.11.1948 in Bonn", ["dob"]],
  ["We meet on 01.02.2026 at 10.30", []],
  ["Geburtstagsfeier am 01.02.2026", []],
  // KVNR with check digit
  ["Versichertennummer A123456780", ["kvnr"]],
  ["Versichertennummer A123456781", []],
  ["Order Z000000000 shipped", []], // Z -> 26: 2 + (6*2 -> 3) = 5, check digit would be 5
  ["Order Z000000005 shipped", ["kvnr"]],
  ["serial a123456780", []],
  // patient and case numbers
  ["Patienten-Nr. 4711-22", ["patient-id"]],
  ["Fallnummer: 20260012345", ["patient-id"]],
  ["MRN 12345678", ["patient-id"]],
  ["patient no. AB-1234", ["patient-id"]],
  ["Patient notes are attached? no, not yet", []],
  ["Case number unknown", []],
  // ICD-10
  ["ICD-10: F32.1", ["icd10"]],
  ["Diagnose F32.1 und E11.9", ["icd10"]],
  ["Codes F32.1, E11.9 as discussed", ["icd10"]],
  ["diagnosis is E11.9", ["icd10"]],
  ["Meeting at 10.30 in room A12", []],
  ["Version E11.9 released", []],
  ["The A10 to Berlin, then B12", []],
  // clinical report words
  ["Anbei der Befund von gestern", ["clinical-report"]],
  ["Diagnose: Depression", ["clinical-report"]],
  ["Please find the discharge summary attached", ["clinical-report"]],
  ["Das wurde für gut befunden", []],
  ["Lunch tomorrow?", []],
  // combined
  ["Befund für Pat. DOB 01.02.1960, Fallnummer 123456, ICD F32.1", ["clinical-report", "dob", "icd10", "patient-id"]],
];

for (const [text, expected] of CASES) {
  test(`detect: ${JSON.stringify(text)} -> [${expected.join(", ")}]`, () => {
    const got = detectPatientData(text).map((f) => f.id).sort();
    assert.deepEqual(got, [...expected].sort());
  });
}

test("findings carry English and German labels but never the matched text", () => {
  const [f] = detectPatientData("MRN 12345678");
  assert.equal(f.id, "patient-id");
  assert.ok(f.label.en && f.label.de);
  assert.ok(!JSON.stringify(f).includes("12345678"));
});

test("KVNR check digit: the documented algorithm (letter as 01-26, weights 1,2, digit sums, mod 10)", () => {
  assert.equal(kvnrCheckDigitValid("A123456780"), true);
  for (let d = 1; d <= 9; d++) assert.equal(kvnrCheckDigitValid(`A12345678${d}`), false);
  assert.equal(kvnrCheckDigitValid("a123456780"), false);
  assert.equal(kvnrCheckDigitValid("A12345678"), false);
});

test("adversarial long inputs finish fast for every built-in pattern (linear time)", () => {
  const unit = [
    "DOB ", "date of birth:   ", "geb. 1.2.", "Patienten-Nr ", "MRN -", "patient no. ", "ICD ", "Diagnose ",
    "F32.1 , ", "A12345678", "1.1.1", "Befun", "\t \t", "diagnosis E1",
  ];
  for (const piece of unit) {
    const text = piece.repeat(Math.ceil(200_000 / piece.length));
    const t0 = performance.now();
    detectPatientData(text);
    const ms = performance.now() - t0;
    assert.ok(ms < 1500, `${JSON.stringify(piece)} x ${text.length} chars took ${ms.toFixed(0)} ms`);
  }
  // Whitespace and digit floods (classic triggers for nested quantifiers).
  for (const text of [" ".repeat(500_000), "1".repeat(500_000), "A" + "1".repeat(500_000), "-".repeat(500_000) + "MRN"]) {
    const t0 = performance.now();
    detectPatientData(text);
    assert.ok(performance.now() - t0 < 1500);
  }
});

test("custom patterns are used instead of the built-ins when given", () => {
  const custom = [{ id: "study", label: { en: "study id", de: "Studien-ID" }, regex: "STUDY-\\d{4}" }];
  assert.deepEqual(detectPatientData("see study-1234", custom).map((f) => f.id), ["study"]);
  assert.deepEqual(detectPatientData("MRN 12345678", custom), []);
  assert.equal(BUILTIN_PATTERNS.length, 5);
});
