/**
 * A 25 MB message (the compose pane's compact layout: binary attachment, opaque signature, binary inside the
 * envelope) decrypts in OnMessageDecrypt well within Outlook's five minutes; the attachment comes back
 * byte-exact (compared by SHA-256 inside the page, so 34 MB of base64 need not cross back to Node).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ownFormat } from "./helpers";
import { SimulatorPage } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";
import { draftFromAlice, protectDraft } from "../../helpers/protect";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
});

const SIZE = 25 * 1024 * 1024;

test("25 MB: OnMessageDecrypt answers within the five-minute limit with the attachment byte-exact", async () => {
  const big = Buffer.alloc(SIZE);
  // Cheap pseudo-random fill (xorshift): incompressible enough, every byte value present.
  let x = 0x9e3779b9;
  for (let i = 0; i < big.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    big.writeUInt32LE(x >>> 0, i);
  }
  const sha = createHash("sha256").update(big).digest("hex");
  const draft = draftFromAlice({
    subject: "Scan",
    messageId: "large-1@clinic.example",
    text: "The scan is attached.",
    attachments: [{ name: "scan.tiff", content: big, contentType: "image/tiff" }],
  });
  const cms = await protectDraft(draft, env.ids.alice, [env.ids.bob], { cipher: "aes-256-cbc", opaqueSignature: true, binaryInner: true, build: { binaryAttachments: true } });
  const s = await SimulatorPage.open(env, { identities: [env.ids.bob] });
  await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), ownFormat(cms, { messageId: "<large-1@clinic.example>" }));
  await s.page.evaluate(() => window.spmSimulator.clearEventLog());
  const r = await s.page.evaluate(async () => {
    const started = performance.now();
    const options = (await window.spmSimulator.openItem()) as { allowEvent?: boolean; errorMessage?: string; attachments?: { name: string; content: string }[]; emailBody?: { content: string } };
    const total = performance.now() - started;
    const log = window.spmSimulator.getEventLog().filter((e) => e.method === "olkMessageDecrypt");
    const attachment = options.attachments?.find((a) => a.name === "scan.tiff");
    let digest = "";
    let size = 0;
    if (attachment) {
      const bin = atob(attachment.content);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      size = bytes.length;
      digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
    }
    return { allowEvent: options.allowEvent, error: options.errorMessage, body: options.emailBody?.content ?? "", total, handlerMs: log.length === 2 ? log[1].at - log[0].at : -1, digest, size };
  });
  assert.equal(r.allowEvent, true, r.error);
  assert.match(r.body, /The scan is attached\./);
  assert.equal(r.size, SIZE);
  assert.equal(r.digest, sha);
  assert.ok(r.handlerMs > 0 && r.handlerMs < 60_000, `handler ${r.handlerMs} ms`);
  console.log(`[decrypt] 25 MB message: handler ${r.handlerMs} ms (event delivered -> completed), openItem ${Math.round(r.total)} ms including the runtime page`);
  assert.deepEqual(s.errors, []);
  await s.close();
});
