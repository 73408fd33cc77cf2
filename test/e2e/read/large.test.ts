/** A 30 MB message of our own format (core protectEntity) opens in the read pane, with the progress indicator. */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { buildDraftEntity } from "../../../src/core/mime";
import { protectEntity } from "../../../src/core/smime";
import { createTestPki, type TestIdentity, type TestPki } from "../../helpers/openssl";
import { newSession, ownFormatEml, readPane, startHarness, type Harness } from "./read-harness";

let h: Harness;
let pki: TestPki;
let alice: TestIdentity;
let bob: TestIdentity;

beforeAll(async () => {
  pki = createTestPki();
  alice = pki.issue("alice", "alice@clinic.example", { keyType: "p256" });
  bob = pki.issue("bob", "bob@lab.example");
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  pki?.cleanup();
});

test("a 30 MB message opens with a progress indicator; the attachment keeps its size", async () => {
  const big = Buffer.alloc(30 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
  const entity = buildDraftEntity({
    from: { address: "alice@clinic.example" },
    to: [{ address: "bob@lab.example" }],
    cc: [],
    subject: "Scan",
    text: "The scan is attached.",
    attachments: [{ name: "scan.tiff", content: big, contentType: "image/tiff" }],
  });
  const result = await protectEntity({ entity, signer: { certificate: alice.certDer, privateKey: alice.keyPkcs8, chain: [] }, recipients: [{ certificate: bob.certDer }] });
  const message = ownFormatEml(result.cms, { headers: ["From: alice@clinic.example", "To: bob@lab.example", "Subject: [...]"] });

  const s = await newSession(h, { anchorsPem: pki.caCertPem, identities: [bob] });
  await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), message);
  // Slow Office calls a little, so the first progress stage is surely on screen when we look.
  await s.page.evaluate(() => window.spmSimulator.setLatency(300, 300));
  const started = Date.now();
  await s.page.evaluate(() => window.spmSimulator.openPane("read"));
  const frame = s.pane();
  await frame.waitForSelector('[data-testid="progress"] [role="progressbar"]');
  await frame.waitForSelector('[data-testid="opened"]', { timeout: 45_000 });
  const v = await readPane(frame);
  assert.equal(v.title, "Encrypted and signed");
  assert.match(v.text ?? "", /The scan is attached\./);
  assert.deepEqual(v.attachments, ["scan.tiff"]);
  assert.match(await frame.locator('[data-testid="attachments"] li').innerText(), /image\/tiff, 31[.,]5 MB/);
  assert.ok(Date.now() - started < 40_000, `opened in ${Date.now() - started} ms`);
  assert.deepEqual(s.errors, []);
  await s.close();
});
