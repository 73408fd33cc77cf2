/**
 * The settings pane: lost-storage guidance first, then the unlock prompt, the first-run guide when there
 * is no identity, else the tabs (tabs-view.tsx). Which screen shows is decided in pane-model.ts.
 */
import { Spinner } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useAnnouncer, useStrings } from "../shared";
import { ErrorBar } from "./common";
import { watchIdle } from "./idle-lock";
import { LostStorageView } from "./lost-storage";
import { Onboarding } from "./onboarding";
import { idleLockMinutes, loadSettingsData, screenFor, type SettingsData, type TabName } from "./pane-model";
import { UnlockView } from "./security";
import { Services, type SettingsServices } from "./services";
import { strings } from "./strings";
import { TabsView } from "./tabs-view";

export type { TabName } from "./pane-model";

export function SettingsPane(props: { services: SettingsServices }): ReactNode {
  return (
    <Services.Provider value={props.services}>
      <SettingsMain />
    </Services.Provider>
  );
}

/** The store's data for the pane, reloaded after every change. */
function useSettingsData(services: SettingsServices): { data?: SettingsData; loadError: unknown; reload: () => Promise<void> } {
  const [data, setData] = useState<SettingsData | undefined>();
  const [loadError, setLoadError] = useState<unknown>();
  const reload = useCallback(async () => {
    try {
      setData(await loadSettingsData(await services.store()));
      setLoadError(undefined);
    } catch (e) {
      setLoadError(e);
    }
  }, [services]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, loadError, reload };
}

function SettingsMain(): ReactNode {
  const t = useStrings(strings);
  const services = Services.use();
  const { announce, region } = useAnnouncer();
  const { data, loadError, reload } = useSettingsData(services);
  const [tab, setTab] = useState<TabName>("identities");
  const [adding, setAdding] = useState(false);
  const [banner, setBanner] = useState<string | undefined>();
  const [backupFor, setBackupFor] = useState<string | undefined>();

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
  const idleMinutes = idleLockMinutes(data);
  useEffect(() => (idleMinutes ? watchIdle(document, idleMinutes * 60_000, () => void lockNow()) : undefined), [idleMinutes, lockNow]);

  const finish = (message: string) => {
    setAdding(false);
    setBanner(message);
    focusBanner.current = true;
    announce(message);
    setTab("identities");
    void reload();
  };

  const screen = screenFor({ data, loadError, adding });
  let body: ReactNode;
  switch (screen.kind) {
    case "error":
      body = <ErrorBar error={screen.error} testId="load-error" />;
      break;
    case "loading":
      body = <Spinner label={t("loading")} />;
      break;
    case "lost-storage":
      body = <LostStorageView loss={screen.data.loss} onResolved={finish} />;
      break;
    case "unlock":
      body = <UnlockView onUnlocked={reload} announce={announce} />;
      break;
    case "onboarding": {
      const hasIdentities = screen.data.identities.length > 0;
      body = (
        <Onboarding
          pending={screen.data.pending}
          startWithPending={!hasIdentities}
          onPendingChanged={reload}
          defaultEmail={services.userEmail?.()}
          onFinished={finish}
          onCancel={hasIdentities ? () => setAdding(false) : undefined}
          announce={announce}
        />
      );
      break;
    }
    case "tabs":
      body = (
        <TabsView
          data={screen.data}
          banner={banner}
          tab={tab}
          onTab={setTab}
          backupFor={backupFor}
          onBackupFor={setBackupFor}
          reload={reload}
          onAdd={() => setAdding(true)}
          onLockNow={() => void lockNow()}
          announce={announce}
        />
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
