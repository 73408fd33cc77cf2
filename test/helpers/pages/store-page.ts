/**
 * Test page script for test/e2e/store/indexeddb.test.ts: the store over the page's real IndexedDB, with a
 * loss-marker port played by the test process (window.markerGet/markerSet, exposed by Playwright), as
 * roamingSettings live in the mailbox and survive anything the browser clears.
 */
import { openStore } from "../../../src/store";

declare global {
  interface Window {
    markerGet(): Promise<string | null>;
    markerSet(v: string): Promise<void>;
  }
}

const b64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const hex = (u: Uint8Array) => Array.from(u, (x) => x.toString(16).padStart(2, "0")).join("");

const t = {
  b64,
  hex,
  open: () =>
    openStore({
      indexedDB,
      lossMarker: { get: async () => (await window.markerGet()) ?? undefined, set: (v: string) => window.markerSet(v) },
    }),
  code: async (p: Promise<unknown>) => {
    try {
      await p;
      return "no error";
    } catch (e) {
      return (e as { code?: string }).code ?? String(e);
    }
  },
  raw: () =>
    new Promise((resolve, reject) => {
      const req = indexedDB.open("secure-patient-mail");
      req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction(["identities", "meta"]);
        const a = tx.objectStore("identities").getAll();
        const m = tx.objectStore("meta").get("keyring");
        tx.oncomplete = () => {
          db.close();
          resolve({ identities: a.result as unknown[], keyring: m.result as unknown });
        };
        tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      };
    }),
};

Object.assign(window, { t, ready: true });
