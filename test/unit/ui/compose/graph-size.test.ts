/**
 * Where standard S/MIME stops and the attachment format takes over: Graph's 4 MB (of base64 request body)
 * against real messages built by the product (sign + encrypt to one recipient and the sender). The
 * estimate must never let a message through that Graph would refuse, and should not give up much earlier.
 * Prints the thresholds (they go into the closing note).
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { toBase64 } from "../../../../src/core/bytes";
import { buildOutgoingMessage } from "../../../../src/core/smime";
import type { DraftSnapshot } from "../../../../src/host";
import { GRAPH_MAX_BODY_CHARS } from "../../../../src/host/graph";
import { toCoreDraft } from "../../../../src/ui/compose/draft";
import { chooseGraphLayout } from "../../../../src/ui/compose/size";
import { createTestPki, type TestIdentity, type TestPki } from "../../../helpers/openssl";

let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;

beforeAll(() => {
  pki = createTestPki();
  alice = pki.issue("Dr. Alice", "alice@clinic.example");
  bob = pki.issue("Bob Lab", "bob@lab.example");
});
afterAll(() => pki.cleanup());

const noise = randomBytes(4_000_000);

function snapshot(bytes: number): DraftSnapshot {
  const content = noise.subarray(0, bytes);
  return {
    from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" },
    to: [{ displayName: "Bob Lab", emailAddress: "bob@lab.example" }],
    cc: [],
    bcc: [],
    subject: "Scans",
    bodyType: "html",
    body: "<p>Scans attached.</p>",
    bodyHtml: "<p>Scans attached.</p>",
    attachments: [{ id: "1", name: "scans.zip", isInline: false, attachmentType: "file", size: bytes, format: "base64", content: "", bytes: content }],
    headers: {},
  };
}

function layout(bytes: number, encrypt = true) {
  return chooseGraphLayout({ snapshot: snapshot(bytes), sign: true, encrypt, recipientCount: 2, signerCertificateBytes: alice.certDer.length });
}

async function realBodyChars(bytes: number, compact: boolean, encrypt = true): Promise<number> {
  const draft = { ...toCoreDraft(snapshot(bytes)), messageId: "<0123456789abcdef@clinic.example>", from: { name: "Dr. Alice", address: "alice@clinic.example" }, date: new Date() };
  const built = await buildOutgoingMessage({
    draft,
    signer: { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] },
    recipients: encrypt ? [{ certificate: bob.certDer, keyTransport: "pkcs1" }, { certificate: alice.certDer, keyTransport: "oaep" }] : [],
    compact,
  });
  return toBase64(built.message).length;
}

/** The largest attachment (bytes, to 1 KB) for which `fits` holds. */
async function largest(fits: (bytes: number) => Promise<boolean> | boolean): Promise<number> {
  let lo = 0;
  let hi = 4_000_000;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (await fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

test("encrypted: the estimate never passes a message Graph refuses, and gives up at most 5% early", async () => {
  const byEstimate = await largest((b) => layout(b).fits);
  const atEdge = layout(byEstimate);
  const real = await realBodyChars(byEstimate, atEdge.compact);
  assert.ok(real <= GRAPH_MAX_BODY_CHARS, `real ${real} at the estimate's edge`);
  assert.ok(atEdge.estimate >= real, "the estimate is an upper bound");
  const byReal = await largest(async (b) => (await realBodyChars(b, true)) <= GRAPH_MAX_BODY_CHARS);
  assert.ok(byEstimate >= byReal * 0.95, `estimate edge ${byEstimate} vs real edge ${byReal}`);
  // Without the compact layout inside the envelope (base64 attachments), the edge is much lower.
  const standardOnly = await largest((b) => !layout(b).compact && layout(b).fits);
  console.log(
    `[graph size] fallback to the attachment format starts above ${byEstimate} bytes of attachment (estimate; compact layout), ` +
      `${standardOnly} bytes in the standard layout; real messages fit up to ${byReal} bytes; Graph limit ${GRAPH_MAX_BODY_CHARS} base64 characters`,
  );
  assert.ok(byEstimate > 2_000_000 && byEstimate < 2_400_000, String(byEstimate));
});

test("signed only: multipart/signed (base64 attachments), estimate an upper bound at its edge", async () => {
  const edge = await largest((b) => layout(b, false).fits);
  const real = await realBodyChars(edge, false, false);
  assert.ok(real <= GRAPH_MAX_BODY_CHARS && layout(edge, false).estimate >= real, `${real} vs ${layout(edge, false).estimate}`);
  console.log(`[graph size] signed only: fallback starts above ${edge} bytes of attachment`);
});
