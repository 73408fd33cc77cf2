/** The one address comparison: ASCII case only, everything else must be equal (see normalizeAddress). */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { normalizeAddress, sameAddress } from "../../../src/core/mime";

test("ASCII case, surrounding space and one pair of angle brackets are folded", () => {
  assert.equal(normalizeAddress("  <Alice@Clinic.Example> "), "alice@clinic.example");
  assert.ok(sameAddress("ALICE@clinic.example", "alice@CLINIC.example"));
  assert.ok(sameAddress("<bob@x.example>", "bob@x.example"));
});

test("anything that is not a plain addr-spec never matches, not even itself", () => {
  for (const value of ["Alice <alice@x.example>", "alice", "a@b@c", '"a b"@x.example', "a b@x.example", "", "a@", "@x", "a@x\u0000y", "a\\b@x.example", "a@[10.0.0.1]"]) {
    assert.equal(normalizeAddress(value), undefined, JSON.stringify(value));
    assert.equal(sameAddress(value, value), false, JSON.stringify(value));
  }
  assert.equal(sameAddress(undefined, "a@x.example"), false);
  assert.equal(sameAddress("a@x.example", undefined), false);
});

test("no Unicode folding: look-alikes and other mailboxes stay different", () => {
  // U+212A KELVIN SIGN lower-cases to ASCII "k" with toLowerCase(): that would be another mailbox.
  assert.equal("\u212Aate@x.example".toLowerCase(), "kate@x.example");
  assert.equal(sameAddress("\u212Aate@x.example", "kate@x.example"), false);
  assert.equal(sameAddress("\u0130nfo@x.example", "info@x.example"), false); // İ
  assert.equal(sameAddress("kate@\uFF58.example", "kate@x.example"), false); // fullwidth x (IDNA would map it)
  assert.equal(sameAddress("k\u0061\u0301te@x.example", "k\u00e1te@x.example"), false); // NFD vs NFC
  assert.equal(sameAddress("Kåte@x.example", "kåte@x.example"), true); // ASCII K folded, å untouched on both
  assert.equal(sameAddress("KÅTE@x.example", "kåte@x.example"), false); // Å is not ASCII
  assert.equal(sameAddress("kate+tag@x.example", "kate@x.example"), false);
  assert.equal(sameAddress("k.ate@x.example", "kate@x.example"), false);
  assert.equal(sameAddress("kate@x.example.", "kate@x.example"), false);
});
