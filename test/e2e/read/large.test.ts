/** A 30 MB message of our own format (core protectEntity) opens in the read pane, with the progress indicator. */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { SimulatorPage } from "../pages/simulator";
import { largeScanEml, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example", { keyType: "p256" }],
    bob: ["bob", "bob@lab.example"],
  },
});

test("a 30 MB message opens with a progress indicator; the attachment keeps its size", async () => {
  const message = await largeScanEml(env.ids.alice, env.ids.bob, 30 * 1024 * 1024, { headers: ["From: alice@clinic.example", "To: bob@lab.example", "Subject: [...]"] });

  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
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
