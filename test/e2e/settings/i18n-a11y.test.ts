/**
 * German UI (Office display language de-DE): a text snapshot of the pane's structure compared with the
 * committed file, German dates; axe-core on every settings view (no serious or critical violations), in
 * German/light and English/dark. Update the snapshot with UPDATE_SNAPSHOTS=1 after a deliberate change.
 */
import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Frame, Page } from "playwright-core";
import { axeViolations, openSettings, reopenSettings, waitForAnnouncement } from "../pages/settings";
import { browserSuite } from "../../helpers/suite";

const env = browserSuite({
  identities: {
    bob: ["Bob Lab", "bob@lab.example"],
  },
});

const SNAPSHOT = resolve(import.meta.dirname, "snapshots/german-ui.txt");

/** Headings, labels, buttons, tabs and message bars, with addresses and dates replaced (stable text). */
function outline(frame: Frame): Promise<string[]> {
  return frame.evaluate(() =>
    Array.from(document.querySelectorAll("h1, h2, h3, label, button, .fui-MessageBarBody, [data-testid=onboarding] > p")).map((e) => {
      const role = e.getAttribute("role");
      // innerText: what is rendered (Fluent tabs keep a hidden bold copy of their label for layout).
      const text = ((e as HTMLElement).innerText ?? "")
        .replace(/\s+/g, " ")
        .trim()
        .replace(/[\w.+-]+@[\w.-]+/g, "<email>")
        .replace(/\d{1,2}\.\d{1,2}\.\d{4}/g, "<date>");
      return `${e.tagName.toLowerCase()}${role ? `[${role}]` : ""}: ${text}`;
    }),
  );
}

async function assertAxeClean(frame: Frame, view: string): Promise<void> {
  assert.deepEqual(await axeViolations(frame), [], `axe: ${view}`);
}

async function addPin(page: Page, email: string, certDer: Uint8Array): Promise<void> {
  const bytes = Array.from(certDer);
  await page.evaluate(
    ([e, b]) =>
      new Promise<void>((res, rej) => {
        const req = indexedDB.open("secure-patient-mail");
        req.onerror = () => rej(req.error ?? new Error("IndexedDB request failed"));
        req.onsuccess = async () => {
          const certificate = new Uint8Array(b);
          const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", certificate));
          const sha256Hex = Array.from(hash, (x) => x.toString(16).padStart(2, "0")).join("");
          const db = req.result;
          const tx = db.transaction("pins", "readwrite");
          tx.objectStore("pins").put({ email: e, certificate, sha256Hex, createdAt: new Date() });
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error ?? new Error("IndexedDB request failed"));
        };
      }),
    [email, bytes] as [string, number[]],
  );
}

test("German UI: snapshot, German dates, and axe on each view", async () => {
  const { page, frame, errors } = await openSettings(env, { displayLanguage: "de-DE" });
  assert.equal(await frame.evaluate(() => document.documentElement.lang), "de");
  const lines: string[] = ["== Einrichtung", ...(await outline(frame))];
  await assertAxeClean(frame, "onboarding choose");

  await frame.click("[data-testid=choose-import]");
  lines.push("== Import", ...(await outline(frame)));
  await assertAxeClean(frame, "import form");
  await frame.click("[data-testid=onboarding-back]");
  await frame.click("[data-testid=choose-request]");
  await assertAxeClean(frame, "request form");
  await frame.click("[data-testid=onboarding-back]");
  await frame.click("[data-testid=choose-selfsigned]");
  lines.push("== Selbstsigniert", ...(await outline(frame)));
  await assertAxeClean(frame, "self-signed form");
  await frame.fill("[data-testid=selfsigned-email]", "frieda@praxis.example");
  await frame.click("[data-testid=selfsigned-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]', { timeout: 30_000 });
  // Focus moved to the new step's heading (keyboard and screen-reader users land on the new content).
  assert.equal(await frame.evaluate(() => document.activeElement?.id), "onboarding-title");
  lines.push("== Sicherung", ...(await outline(frame)));
  await assertAxeClean(frame, "backup step");
  await frame.click("[data-testid=backup-cancel]");

  await addPin(page, "bob@lab.example", env.ids.bob.certDer);
  const main = await reopenSettings(page);
  await main.waitForSelector("[data-testid=identities-view]");
  const card = await main.innerText("[data-testid=identity]");
  assert.match(card, /Gültig bis \d{2}\.\d{2}\.\d{4}/, "German date format");
  assert.match(card, /RSA 3072/);
  assert.match(card, /Selbstsigniert \(Test\)/);
  await main.click("[data-testid=details-open]");
  lines.push("== Meine Zertifikate", ...(await outline(main)));
  await assertAxeClean(main, "identities with details");
  await main.click("[data-testid=remove-open]");
  await assertAxeClean(main, "remove confirmation");
  await main.click("[data-testid=remove-cancel]");

  await main.click("[data-testid=tab-addressbook]");
  await main.fill("[data-testid=recipient-paste]", env.ids.bob.certPem);
  await main.click("[data-testid=recipient-submit]");
  await main.waitForSelector("[data-testid=recipient]");
  assert.match(await main.innerText("[data-testid=recipient]"), /Importiert[\s\S]*Gültig/);
  await main.click("[data-testid=recipient-details]");
  lines.push("== Adressbuch", ...(await outline(main)));
  await assertAxeClean(main, "address book");

  await main.click("[data-testid=tab-trust]");
  await main.waitForSelector("[data-testid=pin]");
  assert.match(await main.innerText("[data-testid=bundled-anchors]"), /^\d+ für E-Mail vertrauenswürdige Zertifizierungsstellen \(Liste von Mozilla, Stand \d{2}\.\d{2}\.\d{4}\)\.$/);
  lines.push("== Vertrauen", ...(await outline(main)));
  await assertAxeClean(main, "trust");

  await main.click("[data-testid=tab-security]");
  lines.push("== Schlüsselsperre", ...(await outline(main)));
  await assertAxeClean(main, "security");

  await main.click("[data-testid=tab-policy]");
  await main.waitForSelector("[data-testid=admin-policy]");
  lines.push("== Richtlinie", ...(await outline(main)));
  await assertAxeClean(main, "policy");

  const text = lines.join("\n") + "\n";
  if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(SNAPSHOT, text);
  assert.ok(existsSync(SNAPSHOT), "snapshot missing: run with UPDATE_SNAPSHOTS=1 and commit it");
  assert.equal(text, readFileSync(SNAPSHOT, "utf8"));
  assert.deepEqual(errors, []);
  await page.context().close();
}, 58_000);

test("English, dark theme: pending request, pins revoke, passphrase lock/unlock, lost storage; axe on each", async () => {
  const { page, frame, errors } = await openSettings(env, {
    // Outlook gives this add-in (event-based activation) no officeTheme: the pane follows the webview's scheme.
    setup: (p) => p.emulateMedia({ colorScheme: "dark" }),
  });
  // Really dark: the provider's background follows the webview's scheme (no officeTheme for this add-in).
  const background = await frame.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider")!).backgroundColor);
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
  assert.ok(0.299 * r + 0.587 * g + 0.114 * b < 128, `dark background expected, got ${background}`);
  await assertAxeClean(frame, "onboarding choose (dark)");
  await frame.click("[data-testid=choose-request]");
  await frame.fill("[data-testid=request-email]", "gina@clinic.example");
  await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), frame.click("[data-testid=request-submit]")]);
  await frame.waitForSelector("[data-testid=pending-request]");
  await assertAxeClean(frame, "pending request (dark)");
  await frame.click("[data-testid=pending-discard]");
  await frame.click("[data-testid=choose-selfsigned]");
  await frame.fill("[data-testid=selfsigned-email]", "gina@clinic.example");
  await frame.click("[data-testid=selfsigned-submit]");
  await frame.waitForSelector('[data-testid=onboarding][data-step="backup"]', { timeout: 30_000 });
  await frame.click("[data-testid=backup-cancel]");
  await frame.waitForSelector("[data-testid=identities-view]");
  await assertAxeClean(frame, "identities (dark)");

  // Pins: revoke.
  await addPin(page, "bob@lab.example", env.ids.bob.certDer);
  let main = await reopenSettings(page);
  await main.click("[data-testid=tab-trust]");
  await main.click("[data-testid=pin-revoke]");
  await main.waitForSelector("[data-testid=pins-empty]");
  await waitForAnnouncement(main, /no longer trust the pinned certificate of bob@lab\.example/);

  // Passphrase: set, lock, wrong passphrase, unlock.
  await main.click("[data-testid=tab-security]");
  await main.fill("[data-testid=passphrase-new-1]", "correct horse battery");
  await main.fill("[data-testid=passphrase-new-2]", "correct horse battery");
  await main.click("[data-testid=passphrase-submit]");
  await main.waitForSelector("[data-testid=lock-now]");
  await assertAxeClean(main, "security with passphrase (dark)");
  await main.click("[data-testid=lock-now]");
  await main.waitForSelector("[data-testid=unlock-view]");
  await assertAxeClean(main, "unlock (dark)");
  // A reopened pane starts locked too.
  main = await reopenSettings(page);
  await main.waitForSelector("[data-testid=unlock-view]");
  await main.fill("[data-testid=unlock-passphrase]", "wrong passphrase");
  await main.click("[data-testid=unlock-submit]");
  await main.waitForSelector("[data-testid=error]", { timeout: 20_000 });
  assert.match(await main.innerText("[data-testid=error]"), /password is not correct/);
  await main.fill("[data-testid=unlock-passphrase]", "correct horse battery");
  await main.click("[data-testid=unlock-submit]");
  await main.waitForSelector("[data-testid=identities-view]", { timeout: 20_000 });

  // Lost storage view (IndexedDB deleted after unloading the pane).
  await page.evaluate(async () => {
    const iframe = document.getElementById("pane") as HTMLIFrameElement;
    await new Promise<void>((r) => {
      iframe.addEventListener("load", () => r(), { once: true });
      iframe.src = "about:blank";
    });
    await new Promise<void>((r, j) => {
      const req = indexedDB.deleteDatabase("secure-patient-mail");
      req.onsuccess = () => r();
      req.onerror = () => j(req.error ?? new Error("IndexedDB request failed"));
    });
  });
  const lost = await reopenSettings(page);
  await lost.waitForSelector("[data-testid=lost-storage]");
  await assertAxeClean(lost, "lost storage (dark)");
  assert.deepEqual(errors, []);
  await page.context().close();
}, 58_000);
