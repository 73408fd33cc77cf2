/** What the settings pane loads and which screen it shows, against a real store over fake-indexeddb. */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { SETTINGS_KEYS } from "../../../../src/ui/settings/settings-keys";
import { backupReminder, idleLockMinutes, loadSettingsData, screenFor } from "../../../../src/ui/settings/pane-model";
import { MemoryMarker, freshStore, selfSignedIdentity } from "./helpers";

describe("settings pane model", () => {
  test("a fresh store: nothing yet, so the first-run guide; loading and load errors come first", async () => {
    const store = await freshStore();
    const data = await loadSettingsData(store);
    assert.equal(data.state.identityCount, 0);
    assert.equal(data.identities.length + data.pending.length + data.addressBook.length + data.pins.length, 0);
    assert.equal(data.lock.autoLockMinutes, 15, "the default lock setting applies until the user picks one");
    assert.equal(data.loss.channel, "port");
    assert.equal(screenFor({ data, adding: false }).kind, "onboarding");
    assert.equal(screenFor({ adding: false }).kind, "loading");
    const failed = screenFor({ data, loadError: new Error("storage failed"), adding: false });
    assert.equal(failed.kind, "error");
    assert.equal((failed as { error: Error }).error.message, "storage failed");
    store.close();
  });

  test("with an identity: the tabs, the backup reminder until it is backed up, and the guide when adding", async () => {
    const store = await freshStore();
    const record = await store.addIdentity(await selfSignedIdentity("carla@example.org"), { source: "self-signed" });
    let data = await loadSettingsData(store);
    assert.equal(screenFor({ data, adding: false }).kind, "tabs");
    assert.equal(screenFor({ data, adding: true }).kind, "onboarding");
    assert.deepEqual(backupReminder(data.identities), { count: 1, firstId: record.id, firstEmail: "carla@example.org" });
    await store.markBackedUp(record.id);
    data = await loadSettingsData(store);
    assert.equal(backupReminder(data.identities), undefined);
    store.close();
  });

  test("a passphrase: locked shows the unlock prompt and stops the idle timer; unlocked uses the stored minutes", async () => {
    const store = await freshStore();
    await store.addIdentity(await selfSignedIdentity("dora@example.org"), { source: "self-signed" });
    assert.equal(idleLockMinutes(await loadSettingsData(store)), 0, "without a passphrase there is nothing to lock");
    await store.setPassphrase("correct horse battery");
    await store.setSettings(SETTINGS_KEYS.lock, { autoLockMinutes: 5 });
    let data = await loadSettingsData(store);
    assert.equal(data.lock.autoLockMinutes, 5);
    assert.equal(idleLockMinutes(data), 5);
    assert.equal(screenFor({ data, adding: false }).kind, "tabs");
    store.lock();
    data = await loadSettingsData(store);
    assert.equal(data.state.locked, true);
    assert.equal(screenFor({ data, adding: true }).kind, "unlock", "unlocking comes before the guide");
    assert.equal(idleLockMinutes(data), 0);
    assert.equal(idleLockMinutes(undefined), 0);
    store.close();
  });

  test("lost storage comes before everything else", async () => {
    const marker = new MemoryMarker();
    const before = await freshStore(marker);
    await before.addIdentity(await selfSignedIdentity("emil@example.org"), { source: "self-signed" });
    before.close();
    // The browser cleared IndexedDB; the marker (roamingSettings) survived.
    const after = await freshStore(marker);
    const data = await loadSettingsData(after);
    assert.equal(data.state.storageLost, true);
    assert.equal(data.loss.knownInstalls[0]?.identities, 1);
    assert.equal(screenFor({ data, adding: true }).kind, "lost-storage");
    after.close();
  });
});
