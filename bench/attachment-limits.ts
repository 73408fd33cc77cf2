/**
 * `npm run bench:limits`: the largest draft that protects, per platform, measured against the simulator's Outlook
 * (src/simulator/attachment-limits.ts: 25 MB for all attachments together and 499 files on the web and in new
 * Outlook, the Exchange admin's limit on classic Windows/Mac, 27,892,122 base64 characters per add).
 *
 * For each platform and draft shape, a binary search (1 KB steps) over the attachments' size runs the product's
 * own steps: the pane's pre-check (the size estimate against the room this draft leaves), the real protection
 * (sign + encrypt to Bob and the sender, the compact layout when the standard one does not fit: the same job the
 * worker runs), then the compose port's atomic swap on the fake Office. "Protects" means the draft ends with
 * smime.p7m only. Shapes: one file; two files of half the size; one file plus a 5 MB inline image (it stays in the draft until the body changes).
 */
import { loadPki } from "../test/helpers/fixtures";
import { attachmentBudget, attachmentLimitBase64Chars, createComposePort, type DraftSnapshot } from "../src/host";
import { asOfficeGlobal, createFakeOffice } from "../src/simulator/fake-office";
import { SimMailbox, type AttachmentInput, type SimPlatform } from "../src/simulator/mailbox-state";
import { draftLimitChars } from "../src/ui/compose/blockers";
import { toCoreDraft } from "../src/ui/compose/draft";
import { chooseLayout } from "../src/ui/compose/size";
import { runProtectJob } from "../src/ui/worker/protect-job";
import { randomBytes } from "node:crypto";

const pki = loadPki("basic");
const alice = pki.identity("alice");
const bob = pki.identity("bob");

type Shape = "one file" | "two files" | "file + 5 MB inline image";

function attachments(shape: Shape, total: number, pool: Buffer): AttachmentInput[] {
  const b64 = (n: number, offset = 0) => pool.subarray(offset, offset + n).toString("base64");
  if (shape === "one file") return [{ name: "scans.zip", contentBase64: b64(total) }];
  if (shape === "two files") return [{ name: "a.zip", contentBase64: b64(Math.floor(total / 2)) }, { name: "b.zip", contentBase64: b64(total - Math.floor(total / 2), 1) }];
  return [
    { name: "logo.png", contentBase64: b64(5_000_000, 2), isInline: true, contentId: "logo.png" },
    { name: "scans.zip", contentBase64: b64(total - 5_000_000) },
  ];
}

type Outcome = "protected" | "refused before any change" | "failed";

async function attempt(platform: SimPlatform, shape: Shape, total: number, pool: Buffer): Promise<{ outcome: Outcome; order?: string }> {
  const backend = new SimMailbox();
  backend.latencyMs = [0, 0];
  backend.uploadMsPerMb = 0;
  backend.setPlatform(platform);
  backend.loadDraft({
    from: { displayName: "Alice", emailAddress: alice.email },
    to: [{ displayName: "Bob", emailAddress: bob.email }],
    subject: "Scans",
    bodyHtml: '<p>Scans</p><img src="cid:logo.png">',
    attachments: attachments(shape, total, pool),
  });
  const office = asOfficeGlobal(createFakeOffice(backend, { mode: "compose" }));
  const port = createComposePort(office, { probeTimeoutMs: 2_000 });
  const snapshot: DraftSnapshot = await port.readSnapshot();
  const limit = draftLimitChars({ limitChars: attachmentLimitBase64Chars(office), budget: attachmentBudget(office), snapshot });
  const layout = chooseLayout({ snapshot, sign: true, encrypt: true, recipientCount: 2, signerCertificateBytes: alice.certDer.length }, limit);
  if (!layout.fits) return { outcome: "refused before any change" };
  const result = await runProtectJob({
    draft: toCoreDraft(snapshot),
    sign: true,
    encrypt: true,
    // Fresh copies: the fixtures are Node Buffers that may share a pooled ArrayBuffer.
    identity: { certificate: new Uint8Array(alice.certDer), privateKey: new Uint8Array(alice.keyPkcs8), chain: [] },
    recipients: [{ certificate: new Uint8Array(bob.certDer) }],
    cipher: "aes-256-cbc",
    compact: layout.compact,
  });
  if (result.p7mBase64.length > limit) return { outcome: "refused before any change" };
  try {
    await port.applyEncrypted({ noticeHtml: "<p>protected</p>", p7mBase64: result.p7mBase64, headers: {} }, snapshot);
  } catch {
    return { outcome: "failed" };
  }
  const names = backend.getDraft().attachments.filter((a) => !a.isInline).map((a) => a.name);
  const log = backend.getEventLog().map((e) => e.method);
  const firstRemove = log.indexOf("removeAttachmentAsync", log.indexOf("removeAttachmentAsync") + 1); // after the probe's
  const p7mAdd = log.lastIndexOf("addFileAttachmentFromBase64Async");
  const order = firstRemove >= 0 && firstRemove < p7mAdd ? "originals first" : "protected copy first";
  return names.length === 1 && names[0] === "smime.p7m" ? { outcome: "protected", order } : { outcome: "failed" };
}

async function largest(platform: SimPlatform, shape: Shape, pool: Buffer): Promise<{ bytes: number; order?: string; above: Outcome }> {
  let lo = 2_000_000;
  let hi = 26_000_000;
  let order: string | undefined;
  while (hi - lo > 1_000) {
    const mid = Math.floor((lo + hi) / 2);
    const r = await attempt(platform, shape, mid, pool);
    if (r.outcome === "protected") {
      lo = mid;
      order = r.order;
    } else hi = mid;
  }
  return { bytes: lo, order, above: (await attempt(platform, shape, hi, pool)).outcome };
}

const pool = randomBytes(26_000_010);
console.log("| platform | draft | largest attachments that protect | swap order there | 1 KB more |");
console.log("| --- | --- | --- | --- | --- |");
for (const platform of ["OfficeOnline", "PC", "Mac"] as const) {
  for (const shape of ["one file", "two files", "file + 5 MB inline image"] as const) {
    const r = await largest(platform, shape, pool);
    console.log(`| ${platform} | ${shape} | ${r.bytes.toLocaleString("en-US")} bytes (${(r.bytes / 1e6).toFixed(2)} MB) | ${r.order ?? "-"} | ${r.above} |`);
  }
}
