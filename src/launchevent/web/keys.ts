/**
 * The user's key pairs from the same IndexedDB key store the panes use (same origin as launchevent.html).
 * The handler cannot ask for a passphrase (it has no UI), so a locked store is a refusal that sends the user
 * to the pane; so is an empty one.
 */
import { SpmError } from "../../core/errors";
import type { KeyPair } from "../../core/types";
import { openStore, type LossMarkerPort } from "../../store";
import { DecryptRefused } from "./refusal";

/**
 * The panes own the storage-loss marker in roaming settings; this short-lived runtime never rewrites it.
 * It reports "no marker" (loss detection is not this handler's business) and refuses writes, which the store
 * records in lossDetails() without failing.
 */
const READ_ONLY_MARKER: LossMarkerPort = {
  get: async () => undefined,
  set: async () => {
    throw new SpmError("HOST_ERROR", "The decrypt handler does not write the storage marker");
  },
};

export async function loadKeyPairs(indexedDB: IDBFactory = globalThis.indexedDB): Promise<KeyPair[]> {
  const store = await openStore({ indexedDB, lossMarker: READ_ONLY_MARKER });
  try {
    const state = await store.state();
    if (state.identityCount === 0) throw new DecryptRefused("no-keys", "The key store has no identity");
    if (state.locked) throw new DecryptRefused("locked", "The key store is locked by a passphrase");
    return (await store.allKeyPairs()).map((k) => ({ certificate: k.record.certificate, privateKey: k.privateKey }));
  } finally {
    store.close();
  }
}
