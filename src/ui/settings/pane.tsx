/**
 * The settings pane: lost-storage guidance first, then the unlock prompt, the first-run guide when there
 * is no identity, else the tabs (identities, address book, trust, security, policy) with a backup
 * reminder for as long as some identity has no backup.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner, Tab, TabList } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { AddressBookEntry, IdentityRecord, LossDetails, PendingKeyRecord, Pin, StoreState } from "../../store";
import { useAnnouncer, useStrings } from "../shared";
import { AddressBookView } from "./address-book";
import { ErrorBar } from "./common";
import { IdentitiesView } from "./identities";
import { LostStorageView } from "./lost-storage";
import { Onboarding } from "./onboarding";
import { PolicyView } from "./policy";
import { SecurityView, UnlockView } from "./security";
import { TrustView } from "./trust";
import { DEFAULT_LOCK_SETTINGS, SETTINGS_KEYS, Services, type LockSettings, type SettingsServices } from "./services";
import { strings } from "./strings";

interface Data {
  state: StoreState;
  loss: LossDetails;
  identities: IdentityRecord[];
  /** Certificate requests waiting for the CA (keys in the store). */
  pending: PendingKeyRecord[];
  addressBook: AddressBookEntry[];
  pins: Pin[];
  lock: LockSettings;
}

export type TabName = "identities" | "addressbook" | "trust" | "security" | "policy";
const TABS: TabName[] = ["identities", "addressbook", "trust", "security", "policy"];

export function SettingsPane(props: { services: SettingsServices }): ReactNode {
  return (
    <Services.Provider value={props.services}>
      <SettingsMain />
    </Services.Provider>
  );
}

function SettingsMain(): ReactNode {
  const t = useStrings(strings);
  const services = Services.use();
  const { announce, region } = useAnnouncer();
  const [data, setData] = useState<Data | undefined>();
  const [loadError, setLoadError] = useState<unknown>();
  const [tab, setTab] = useState<TabName>("identities");
  const [adding, setAdding] = useState(false);
  const [banner, setBanner] = useState<string | undefined>();
  const [backupFor, setBackupFor] = useState<string | undefined>();

  const reload = useCallback(async () => {
    try {
      const store = await services.store();
      const state = await store.state();
      const [identities, pending, addressBook, pins, lock] = await Promise.all([
        store.listIdentities(),
        store.listPendingKeys(),
        store.listAddressBook(),
        store.listPins(),
        store.getSettings<LockSettings>(SETTINGS_KEYS.lock, DEFAULT_LOCK_SETTINGS),
      ]);
      setData({ state, loss: store.lossDetails(), identities, pending, addressBook, pins, lock });
      setLoadError(undefined);
    } catch (e) {
      setLoadError(e);
    }
  }, [services]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // After the guide (or a restore) the view changes under the user's focus: put focus on the outcome.
  const focusBanner = useRef(false);
  useEffect(() => {
    const element = focusBanner.current ? document.getElementById("settings-banner") : null;
    if (element) {
      focusBanner.current = false;
      element.focus();
    }
  }, [banner, data]);

  const lockNow = useCallback(async () => {
    (await services.store()).lock();
    announce(t("lockedNow"));
    await reload();
  }, [services, reload, announce, t]);

  // Auto-lock after idle time: only meaningful with a passphrase and an unlocked store.
  const idleMinutes = data && data.state.hasPassphrase && !data.state.locked ? data.lock.autoLockMinutes : 0;
  useEffect(() => {
    if (!idleMinutes) return;
    let timer = setTimeout(() => void lockNow(), idleMinutes * 60_000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void lockNow(), idleMinutes * 60_000);
    };
    const events = ["pointerdown", "keydown", "wheel"] as const;
    for (const e of events) document.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, reset);
    };
  }, [idleMinutes, lockNow]);

  const finish = (message: string) => {
    setAdding(false);
    setBanner(message);
    focusBanner.current = true;
    announce(message);
    setTab("identities");
    void reload();
  };

  let body: ReactNode;
  if (loadError !== undefined) body = <ErrorBar error={loadError} testId="load-error" />;
  else if (!data) body = <Spinner label={t("loading")} />;
  else if (data.state.storageLost) body = <LostStorageView loss={data.loss} onResolved={finish} />;
  else if (data.state.locked) body = <UnlockView onUnlocked={reload} announce={announce} />;
  else if (data.identities.length === 0 || adding)
    body = (
      <Onboarding
        pending={data.pending}
        startWithPending={data.identities.length === 0}
        onPendingChanged={reload}
        defaultEmail={services.userEmail?.()}
        onFinished={finish}
        onCancel={data.identities.length > 0 ? () => setAdding(false) : undefined}
        announce={announce}
      />
    );
  else {
    const unbacked = data.identities.filter((i) => !i.backedUpAt);
    body = (
      <>
        {banner && (
          <MessageBar intent="success" data-testid="banner" id="settings-banner" tabIndex={-1}>
            <MessageBarBody>{banner}</MessageBarBody>
          </MessageBar>
        )}
        {unbacked.length > 0 && (
          <MessageBar intent="warning" data-testid="backup-reminder">
            <MessageBarBody>{unbacked.length === 1 ? t("backupReminderOne", { email: unbacked[0].email }) : t("backupReminderMany", { count: unbacked.length })}</MessageBarBody>
            <MessageBarActions>
              <Button
                data-testid="backup-reminder-button"
                onClick={() => {
                  setTab("identities");
                  setBackupFor(unbacked[0].id);
                }}
              >
                {t("backupNow")}
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        <TabList size="small" style={{ flexWrap: "wrap" }} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} aria-label={t("sectionsLabel")}>
          {TABS.map((name) => (
            <Tab key={name} value={name} data-testid={`tab-${name}`}>
              {t(`tab_${name}`)}
            </Tab>
          ))}
        </TabList>
        <div role="tabpanel" aria-label={t(`tab_${tab}`)}>
          {tab === "identities" && (
            <IdentitiesView
              key={backupFor}
              identities={data.identities}
              pending={data.pending}
              onChanged={reload}
              onAdd={() => setAdding(true)}
              onPaired={(record) => {
                // The new identity has no backup yet: open its backup form right away.
                setBackupFor(record.id);
                announce(t("identityAdded", { email: record.email }));
                void reload();
              }}
              announce={announce}
              backupFor={backupFor}
            />
          )}
          {tab === "addressbook" && <AddressBookView entries={data.addressBook} pins={data.pins} onChanged={reload} announce={announce} />}
          {tab === "trust" && <TrustView pins={data.pins} onChanged={reload} announce={announce} />}
          {tab === "security" && <SecurityView hasPassphrase={data.state.hasPassphrase} lock={data.lock} onChanged={reload} announce={announce} onLockNow={() => void lockNow()} />}
          {tab === "policy" && <PolicyView announce={announce} />}
        </div>
      </>
    );
  }

  return (
    <main style={{ padding: 12, display: "flex", flexDirection: "column", gap: 12 }} data-testid="settings-pane" data-ready={data ? "true" : "false"}>
      {region}
      <h1 style={{ margin: 0, fontSize: 22 }}>{t("paneTitle")}</h1>
      {body}
    </main>
  );
}
