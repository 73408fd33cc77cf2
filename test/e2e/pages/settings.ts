/**
 * The settings pane (settings.html in the simulator): open it on a fresh simulator, reopen it, read the
 * store raw (not through the pane), the backup steps, axe and the live region.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Download, Frame, Page } from "playwright-core";
import { paneFrame, type TestServer } from "../../helpers/browser";
import { SimulatorPage, type SimulatorOptions } from "./simulator";

/** Open a fresh simulator (new browser context = new profile) with the settings pane loaded. */
export async function openSettings(env: { browser: Browser; server: TestServer }, options: SimulatorOptions = {}): Promise<{ sim: SimulatorPage; page: Page; frame: Frame; errors: string[] }> {
  const sim = await SimulatorPage.open(env, options);
  const frame = await reopenSettings(sim.page);
  return { sim, page: sim.page, frame, errors: sim.errors };
}

/** (Re)load the settings pane in the simulator's iframe and wait until it has read the store. */
export async function reopenSettings(page: Page): Promise<Frame> {
  await page.evaluate(() => window.spmSimulator.openPane("settings"));
  const frame = paneFrame(page);
  await frame.waitForSelector('[data-testid=settings-pane][data-ready="true"]', { timeout: 15_000 });
  return frame;
}

export interface RawIdentity {
  id: string;
  email: string;
  source: string;
  isDefault: boolean;
  backedUpAt?: string;
  hasEncryptedKey: boolean;
  issuer: string;
}

/** All records of one object store of the add-in's IndexedDB, read in the pane's origin. */
function rawRecords<T>(frame: Frame, store: string): Promise<T[]> {
  return frame.evaluate(
    (name) =>
      new Promise<T[]>((res, rej) => {
        const req = indexedDB.open("secure-patient-mail");
        req.onerror = () => rej(req.error ?? new Error("IndexedDB request failed"));
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            db.close();
            res(all.result as T[]);
          };
          all.onerror = () => rej(all.error ?? new Error("IndexedDB request failed"));
        };
      }),
    store,
  );
}

/** The identities as stored in IndexedDB (read directly, not through the pane). */
export async function rawIdentities(frame: Frame): Promise<RawIdentity[]> {
  const records = await rawRecords<{ id: string; email: string; source: string; isDefault: boolean; backedUpAt?: Date; encryptedKey?: unknown; issuer: string }>(frame, "identities");
  return records.map((r) => ({
    id: r.id,
    email: r.email,
    source: r.source,
    isDefault: r.isDefault,
    backedUpAt: r.backedUpAt?.toISOString(),
    hasEncryptedKey: !!r.encryptedKey,
    issuer: r.issuer,
  }));
}

export interface RawPendingKey {
  id: string;
  email: string;
  hasEncryptedKey: boolean;
}

/** The pending keys (certificate requests waiting for the CA) as stored in IndexedDB. */
export async function rawPendingKeys(frame: Frame): Promise<RawPendingKey[]> {
  const records = await rawRecords<{ id: string; email: string; encryptedKey?: { data?: Uint8Array } }>(frame, "pendingKeys");
  return records.map((r) => ({ id: r.id, email: r.email, hasEncryptedKey: (r.encryptedKey?.data?.length ?? 0) > 0 }));
}

export async function saveDownload(download: Download, path: string): Promise<Buffer> {
  await download.saveAs(path);
  return readFileSync(path);
}

/** Back up the identity shown in the onboarding's backup step; returns the downloaded file's bytes. */
export async function backupInOnboarding(page: Page, frame: Frame, password: string, path: string): Promise<Buffer> {
  await frame.fill("[data-testid=backup-password-1]", password);
  await frame.fill("[data-testid=backup-password-2]", password);
  const [download] = await Promise.all([page.waitForEvent("download"), frame.click("[data-testid=backup-submit]")]);
  return saveDownload(download, path);
}

/** Run axe-core in the pane frame; return serious/critical violations as readable strings. */
export async function axeViolations(frame: Frame): Promise<string[]> {
  const source = readFileSync(resolve(import.meta.dirname, "../../../node_modules/axe-core/axe.min.js"), "utf8");
  if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(source);
  const results = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    // Tabster's focus "dummy" elements (Fluent TabList arrow keys) are aria-hidden and focusable on purpose;
    // a known false positive of aria-hidden-focus (microsoft/tabster#288) that Microsoft's own scanners suppress.
    return axe.run({ include: [document], exclude: [["[data-tabster-dummy]"]] } as unknown as Document, { resultTypes: ["violations"] });
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Wait until the pane's live region announces text matching `pattern` (announcements arrive after a tick). */
export async function waitForAnnouncement(frame: Frame, pattern: RegExp): Promise<string> {
  const handle = await frame.waitForFunction(
    ([source, flags]) => {
      const texts = Array.from(document.querySelectorAll("[aria-live]"), (e) => e.textContent ?? "");
      return texts.find((t) => new RegExp(source, flags).test(t));
    },
    [pattern.source, pattern.flags] as [string, string],
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as string;
}
