/**
 * A 20 MB message in the read pane, in Chromium: prints the time from opening the pane (the click on the add-in
 * button) to the text on screen, and the longest stretch in which the pane's own thread could not run a timer
 * (a frozen progress bar). Asserts the content and that the crypto worker opened it, not the times (shared 2-core
 * machines), except that the pane's thread is never blocked for half as long as the opening takes.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { SimulatorPage } from "../pages/simulator";
import { largeScanEml, readPane } from "../pages/read";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    alice: ["alice", "alice@clinic.example"],
    bob: ["bob", "bob@lab.example"],
  },
});

test("20 MB: click-to-text time and the pane's longest blocked stretch are printed; the pane stays responsive", async () => {
  const s = await SimulatorPage.open(env, { anchorsPem: env.pki.caCertPem, identities: [env.ids.bob] });
  await s.page.evaluate((m) => window.spmSimulator.loadMessage(m), await largeScanEml(env.ids.alice, env.ids.bob, 20 * 1000 * 1000));
  const workers: string[] = [];
  s.page.on("worker", (w) => workers.push(w.url()));
  const started = Date.now();
  await s.page.evaluate(() => window.spmSimulator.openPane("read"));
  const frame = s.pane();
  // A 10 ms timer in the pane's own thread: the largest gap between its runs is how long the pane was frozen.
  await frame.evaluate(() => {
    const w = window as unknown as { spmGaps: number[]; spmOpeningGaps: number[] };
    w.spmGaps = [];
    // The gaps that began once the progress bar was up (the opening itself, not the pane's own start).
    w.spmOpeningGaps = [];
    let last = performance.now();
    let opening = false;
    setInterval(() => {
      const now = performance.now();
      w.spmGaps.push(now - last);
      if (opening) w.spmOpeningGaps.push(now - last);
      opening ||= document.querySelector('[data-testid="progress"]') !== null;
      last = now;
    }, 10);
  });
  // Any final state ends the wait (a wrong one fails below with what the pane shows, not with a time-out).
  await frame.waitForSelector('[data-testid="opened"], [data-testid="error"], [data-testid="nested-only"], [data-testid="locked"]', { timeout: 60_000 });
  const clickToText = Date.now() - started;
  const [longest, longestOpening] = await frame.evaluate(() => {
    const w = window as unknown as { spmGaps: number[]; spmOpeningGaps: number[] };
    return [Math.max(...w.spmGaps), Math.max(0, ...w.spmOpeningGaps)];
  });
  const v = await readPane(frame);
  assert.equal(v.kind, "opened", JSON.stringify(v));
  assert.equal(v.title, "Encrypted and signed");
  assert.match(v.text ?? "", /The scan is attached\./);
  assert.deepEqual(v.attachments, ["scan.tiff"]);
  const usedWorker = workers.some((u) => /spm-crypto/.test(u));
  console.log(`read pane, 20 MB message: click to text ${clickToText} ms; longest blocked stretch of the pane's thread ${longest.toFixed(0)} ms (${longestOpening.toFixed(0)} ms once the progress bar was up); crypto worker ${usedWorker ? "used" : "not used"}`);
  // The opening (decrypt, verify, MIME decode) ran in the crypto worker, not on the pane's thread.
  assert.ok(usedWorker, `no crypto worker was started (workers: ${workers.join(", ") || "none"})`);
  // No absolute bound: on the shared 2-core machine the longest stretch ranged 0.3-1.1 s at load 15-20 (the pane's
  // own start and React's render of the result, not the opening); the target is in README "Performance".
  assert.ok(longest < clickToText / 2, `the pane's thread was blocked for ${longest.toFixed(0)} ms of ${clickToText} ms`);
  assert.deepEqual(s.errors, []);
  await s.close();
}, 120_000);
