/**
 * Large drafts in Chromium: the crypto runs in the Web Worker, the pane stays responsive, and the result
 * decrypts with OpenSSL. Prints timings (no time is asserted):
 * - the worker job alone (build MIME, sign, encrypt, base64) for a 20 MB attachment, compact layout;
 * - the whole pane flow (read, protect, attach) for a 20 MB draft on Outlook on the web (the strictest limit,
 *   27,892,122 base64 characters per add, 25 MB for all attachments together): the standard layout would need 1.82x (base64 attachments inside, base64
 *   again for Office.js), so the pane switches to the compact one (binary attachments, opaque signature).
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "../../helpers/openssl";
import { allowNamedFunctions, mainButton, openCompose } from "../pages/compose";
import { SimulatorPage, getDraft } from "../pages/simulator";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["Dr. Alice Sender", "alice@clinic.example"],
    bob: ["Bob Lab", "bob@lab.example"],
  },
  work: true,
});

const MB = 1_000_000;
const from = { displayName: "Dr. Alice Sender", emailAddress: "alice@clinic.example" };

/** The crypto worker as webpack emitted it (a classic worker chunk named after the Worker's `name`). */
function cryptoWorkerPath(): string {
  const found = readdirSync(join(env.server.root, "chunks")).filter((f) => /^spm-crypto\.[0-9a-f]+\.js$/.test(f));
  assert.equal(found.length, 1, `one crypto worker chunk in the build: ${found.join(", ")}`);
  return `chunks/${found[0]}`;
}

test("20 MB through the crypto worker: timing printed, output decrypts with OpenSSL", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate((f) => window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "x", bodyHtml: "<p>x</p>" }), from);
  const frame = await openCompose(page);
  await allowNamedFunctions(frame);
  const result = await frame.evaluate(
    async ([cert, key, bobCert, size, workerPath]) => {
      const dec = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      const content = new Uint8Array(size);
      for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(content.subarray(i, Math.min(i + 65_536, size)));
      const job = {
        draft: { from: { address: "alice@clinic.example" }, to: [{ address: "bob@lab.example" }], cc: [], subject: "x", date: new Date(), html: "<p>x</p>", attachments: [{ name: "scans.bin", content }] },
        sign: true,
        encrypt: true,
        identity: { certificate: dec(cert), privateKey: dec(key), chain: [] },
        recipients: [{ certificate: dec(bobCert) }],
        cipher: "aes-256-cbc",
        compact: true,
      };
      const worker = new Worker(new URL(workerPath, location.href));
      const stages: string[] = [];
      const started = performance.now();
      const out = await new Promise<{ p7mBase64: string }>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<{ type: string; stage: string; result: { p7mBase64: string }; error: unknown }>) => {
          // The worker's protocol (src/ui/worker/messages.ts): the job is sent once the worker says it is ready.
          if (e.data.type === "ready") worker.postMessage({ type: "protect", job });
          else if (e.data.type === "stage") stages.push(e.data.stage);
          else if (e.data.type === "done") resolve(e.data.result);
          else reject(new Error(JSON.stringify(e.data.error)));
        };
        worker.onerror = (e) => reject(new Error(e.message));
      });
      const ms = performance.now() - started;
      worker.terminate();
      // Only a sample goes back to Node: the first and last 2 MB of base64 would not decrypt; send it all as one string.
      return { ms, stages, chars: out.p7mBase64.length, p7m: out.p7mBase64 };
    },
    [Buffer.from(env.ids.alice.certDer).toString("base64"), Buffer.from(env.ids.alice.keyPkcs8).toString("base64"), Buffer.from(env.ids.bob.certDer).toString("base64"), 20 * MB, cryptoWorkerPath()] as const,
  );
  console.log(`[timing] 20 MB attachment, sign + encrypt (2 recipient infos) in the crypto worker, Chromium: ${Math.round(result.ms)} ms; smime.p7m ${result.chars} base64 chars`);
  assert.deepEqual(result.stages, ["building", "signing", "encrypting"]);
  const p7m = join(env.work, "big.p7m");
  writeFileSync(p7m, Buffer.from(result.p7m, "base64"));
  const signed = openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]);
  assert.ok(signed.length > 20 * MB && signed.length < 20 * MB * 1.01, "the decrypted entity carries the attachment in binary");
  assert.ok(result.chars < 27_892_122, `fits Outlook on the web: ${result.chars}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the pane protects a 20 MB draft on Outlook on the web in the worker and stays responsive; timing printed", async () => {
  const { page, errors } = await SimulatorPage.open(env, { identities: [env.ids.alice], recipients: [env.ids.bob] });
  await page.evaluate(() => window.spmSimulator.setPlatform("OfficeOnline"));
  await page.evaluate(
    ([f, size]) => {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, Math.min(i + 65_536, bytes.length)));
      let b64 = "";
      for (let i = 0; i < bytes.length; i += 3 * 8192) b64 += btoa(String.fromCharCode(...bytes.subarray(i, i + 3 * 8192)));
      window.spmSimulator.loadDraft({ from: f, to: ["Bob Lab <bob@lab.example>"], subject: "Scans", bodyHtml: "<p>Scans</p>", attachments: [{ name: "scans.zip", contentBase64: b64 }] });
    },
    [from, 20 * MB] as const,
  );
  const frame = await openCompose(page);
  await allowNamedFunctions(frame);
  const estimateText = (await frame.getByText(/^Size of the protected message: about/).textContent()) ?? "";
  const estimatedMb = Number(/about ([\d.]+) MB/.exec(estimateText)?.[1]);
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  // Responsiveness: count animation frames in the pane while the work runs.
  await frame.evaluate(() => {
    const w = window as unknown as { frames_: number };
    w.frames_ = 0;
    const tick = () => {
      w.frames_++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await mainButton(frame).click();
  await frame.getByRole("progressbar").first().waitFor({ timeout: 10_000 });
  await frame.getByText("The message is encrypted and signed.").first().waitFor({ timeout: 50_000 });
  const ms = Date.now() - started;
  const framesDrawn = await frame.evaluate(() => (window as unknown as { frames_: number }).frames_);
  console.log(`[timing] pane flow, 20 MB draft, Outlook on the web limits, Chromium: ${ms} ms (click to done; ${framesDrawn} animation frames drawn meanwhile)`);
  assert.ok(workers.some((u) => u.endsWith(`/${cryptoWorkerPath()}`)), `the crypto ran in the worker (${workers.join(", ")})`);
  const draft = await getDraft(page);
  assert.deepEqual(draft.attachments.map((a) => a.name), ["smime.p7m"]);
  const actual = draft.attachments[0].contentBase64.length;
  assert.ok(actual <= 27_892_122, `${actual} base64 characters`);
  // The attachment comes back byte for byte through OpenSSL: decrypt, then verify the opaque signature.
  const p7m = join(env.work, "pane-20mb.p7m");
  writeFileSync(p7m, Buffer.from(draft.attachments[0].contentBase64, "base64"));
  const inner = openssl(["cms", "-decrypt", "-inform", "DER", "-in", p7m, "-recip", env.ids.bob.certPath, "-inkey", env.ids.bob.keyPath]);
  const headerEnd = inner.indexOf("\r\n\r\n");
  assert.match(inner.subarray(0, headerEnd).toString("latin1"), /smime-type=signed-data[\s\S]*Content-Transfer-Encoding: binary/i);
  const sigPath = join(env.work, "pane-20mb-signed.p7m");
  writeFileSync(sigPath, inner.subarray(headerEnd + 4));
  const content = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath, "-CAfile", env.pki.caCertPath]);
  assert.ok(content.length > 20 * MB, "the verified content carries the 20 MB attachment");
  // The size check before starting errs on the large side, by little.
  console.log(`[size] estimated ${estimatedMb} MB, actual ${(actual / 1e6).toFixed(2)} MB of base64`);
  assert.ok(actual / 1e6 <= estimatedMb + 0.05 && estimatedMb <= (actual / 1e6) * 1.02, `${estimatedMb} vs ${actual}`);
  assert.deepEqual(errors, []);
  await page.close();
});
