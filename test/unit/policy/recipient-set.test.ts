/**
 * The recipient set the compose pane records at encryption and the send guard compares (core/policy/recipient-set.ts),
 * and the Smart Alerts text limits the send guard fits its texts to (launchevent/alert-limits.ts).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkFailedMessage,
  compareRecipientSets,
  decodeRecipientSet,
  deliveryMarkerMessage,
  encodeRecipientSet,
  recipientSetOf,
  recipientsChangedMessage,
  type RecipientSet,
} from "../../../src/core/policy";
import { ALERT_CANCEL_LABEL_MAX_CHARS, ALERT_MESSAGE_MAX_CHARS, fitAlertText } from "../../../src/launchevent/alert-limits";

const as = (...emails: string[]) => emails.map((emailAddress) => ({ emailAddress }));

/** No lone surrogate (String.prototype.isWellFormed is ES2024, newer than the project's lib). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

test("normalized: case, spaces, angle brackets and duplicates do not make a different set; order does not matter", () => {
  const a = recipientSetOf({ to: as("Bob@Lab.Example", " carl@clinic.example "), cc: as("<dora@clinic.example>"), bcc: [] });
  const b = recipientSetOf({ to: as("carl@clinic.example", "bob@lab.example", "BOB@lab.example"), cc: as("dora@clinic.example") });
  assert.deepEqual({ ...a }, { to: ["bob@lab.example", "carl@clinic.example"], cc: ["dora@clinic.example"], bcc: [] });
  assert.equal(compareRecipientSets(a, b), undefined);
  assert.equal(encodeRecipientSet(a), encodeRecipientSet(b));
});

test("a look-alike address swapped in is a change: only ASCII case is folded (U+212A KELVIN SIGN is not k)", () => {
  const recorded = recipientSetOf({ to: as("karl@clinic.example") });
  const change = compareRecipientSets(recorded, recipientSetOf({ to: as("\u212Aarl@clinic.example") }));
  assert.deepEqual(change?.added, ["\u212Aarl@clinic.example"]);
  assert.equal(compareRecipientSets(recorded, recipientSetOf({ to: as("KARL@CLINIC.EXAMPLE") })), undefined);
});

test("added, removed and moved recipients are each reported", () => {
  const recorded = recipientSetOf({ to: as("bob@lab.example", "carl@clinic.example") });
  assert.deepEqual(compareRecipientSets(recorded, recipientSetOf({ to: as("bob@lab.example", "carl@clinic.example"), bcc: as("eve@else.example") })), {
    added: ["eve@else.example"],
    removed: [],
    moved: [],
    unknown: false,
  });
  assert.deepEqual(compareRecipientSets(recorded, recipientSetOf({ to: as("bob@lab.example") })), { added: [], removed: ["carl@clinic.example"], moved: [], unknown: false });
  // Same people, but Carl is now in Bcc: the encrypted part may name him as a To recipient, and the envelope changed.
  assert.deepEqual(compareRecipientSets(recorded, recipientSetOf({ to: as("bob@lab.example"), bcc: as("carl@clinic.example") })), {
    added: [],
    removed: [],
    moved: ["carl@clinic.example"],
    unknown: false,
  });
  // Replaced: one removed, one added.
  const replaced = compareRecipientSets(recorded, recipientSetOf({ to: as("bob@lab.example", "carl@clinic.example.evil") }));
  assert.deepEqual(replaced && [replaced.added, replaced.removed], [["carl@clinic.example.evil"], ["carl@clinic.example"]]);
});

test("no record is a change (unknown), never a pass", () => {
  const change = compareRecipientSets(undefined, recipientSetOf({ to: as("bob@lab.example") }));
  assert.equal(change?.unknown, true);
  assert.match(recipientsChangedMessage(change).en, /cannot confirm/);
});

test("encode/decode round-trips; anything else decodes to undefined", () => {
  const set = recipientSetOf({ to: as("a@x.example"), cc: as("b@y.example"), bcc: as("c@z.example") });
  assert.deepEqual({ ...decodeRecipientSet(encodeRecipientSet(set)) }, { ...set });
  for (const bad of [undefined, "", "1", "{", "null", "[]", '{"to":[],"cc":[],"bcc":[]}', '{"v":1,"to":[],"cc":[]}', '{"v":1,"to":"a@x","cc":[],"bcc":[]}', '{"v":1,"to":[null],"cc":[],"bcc":[]}']) {
    assert.equal(decodeRecipientSet(bad), undefined, String(bad));
  }
});

const address = fc
  .tuple(fc.stringMatching(/^[a-z0-9.+-]{1,20}$/), fc.stringMatching(/^[a-z0-9-]{1,12}\.[a-z]{2,6}$/))
  .map(([local, domain]) => `${local}@${domain}`);
const fields = fc.record({ to: fc.array(address, { maxLength: 6 }), cc: fc.array(address, { maxLength: 4 }), bcc: fc.array(address, { maxLength: 3 }) });

test("property: a set equals itself after shuffling and case changes, and differs after adding a new address", () => {
  fc.assert(
    fc.property(fields, address, fc.constantFrom<"to" | "cc" | "bcc">("to", "cc", "bcc"), (f, extra, where) => {
      const recorded = recipientSetOf({ to: as(...f.to), cc: as(...f.cc), bcc: as(...f.bcc) });
      const shuffled = recipientSetOf({ to: as(...[...f.to].reverse().map((a) => a.toUpperCase())), cc: as(...f.cc), bcc: as(...f.bcc) });
      assert.equal(compareRecipientSets(recorded, shuffled), undefined);
      assert.equal(compareRecipientSets(decodeRecipientSet(encodeRecipientSet(recorded)), shuffled), undefined);
      const all = [...f.to, ...f.cc, ...f.bcc];
      fc.pre(!all.includes(extra));
      const grown: RecipientSet = recipientSetOf({ ...{ to: as(...f.to), cc: as(...f.cc), bcc: as(...f.bcc) }, [where]: as(...f[where], extra) });
      assert.deepEqual(compareRecipientSets(recorded, grown)?.added, [extra]);
    }),
    { numRuns: 200 },
  );
});

test("fitAlertText: short texts unchanged; long ones cut at a word, with an ellipsis, within the limit", () => {
  assert.equal(fitAlertText("Short."), "Short.");
  const long = "word ".repeat(200);
  const fitted = fitAlertText(long);
  assert.equal(fitted.length <= ALERT_MESSAGE_MAX_CHARS, true);
  assert.match(fitted, /word…$/);
  assert.equal(fitAlertText("Neu verschlüsseln jetzt sofort", ALERT_CANCEL_LABEL_MAX_CHARS), "Neu verschlüsseln…");
});

test("fitAlertText never splits a surrogate pair (emoji, rare CJK names) and never exceeds the limit", () => {
  // The cut would fall between the two halves of the first emoji.
  const cut = fitAlertText("a".repeat(498) + "\u{1F600}\u{1F600}", 500);
  assert.equal(cut, "a".repeat(498) + "…");
  assert.equal(wellFormed(cut), true);
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 700 }), fc.integer({ min: 2, max: 520 }), (text, max) => {
      const out = fitAlertText(text, max);
      assert.ok(out.length <= max);
      assert.equal(wellFormed(out), true);
      if (text.length <= max) assert.equal(out, text);
      else assert.ok(text.startsWith(out.slice(0, -1).trimEnd()) || out === "…");
    }),
    { numRuns: 300 },
  );
});

test("every send-guard text fits Smart Alerts' 500 characters after fitting, with RFC 5321's longest addresses", () => {
  // 64-character local part, 189-character domain: 254 characters, the longest usable address.
  const longest = (i: number) => `${"l".repeat(62)}${String(i).padStart(2, "0")}@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(57)}.example`;
  const recorded = recipientSetOf({ to: as(longest(0), longest(1), longest(2), longest(3)) });
  const current = recipientSetOf({ cc: as(longest(0), longest(4), longest(5), longest(6), longest(7)) });
  const change = compareRecipientSets(recorded, current)!;
  const texts = [recipientsChangedMessage(change), recipientsChangedMessage({ ...change, unknown: true }), checkFailedMessage(true), checkFailedMessage(false)];
  for (const state of ["sending", "sent", "unknown"]) texts.push(deliveryMarkerMessage(state)!);
  for (const text of texts) {
    for (const language of ["en", "de"] as const) {
      const fitted = fitAlertText(text[language]);
      assert.ok(fitted.length <= ALERT_MESSAGE_MAX_CHARS, `${language}: ${fitted.length}`);
      assert.ok(fitted.length > 0);
    }
  }
  // The recipient text with four 254-character addresses is longer than the limit: it is the one that gets cut.
  assert.ok(recipientsChangedMessage(change).en.length > ALERT_MESSAGE_MAX_CHARS);
});
