/**
 * The settings pane once an identity exists: the outcome banner, the backup reminder (for as long as some
 * identity has no backup), and the tabs (identities, address book, trust, security, policy).
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, Tab, TabList } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { IdentityRecord } from "../../store";
import { useStrings } from "../shared";
import { AddressBookView } from "./address-book";
import { IdentitiesView } from "./identities";
import { backupReminder, TABS, type SettingsData, type TabName } from "./pane-model";
import { PolicyView } from "./policy";
import { SecurityView } from "./security";
import { strings } from "./strings";
import { TrustView } from "./trust";

export interface TabsViewProps {
  data: SettingsData;
  banner?: string;
  tab: TabName;
  onTab: (tab: TabName) => void;
  /** The identity whose backup form is open. */
  backupFor?: string;
  onBackupFor: (id: string) => void;
  reload: () => Promise<void>;
  onAdd: () => void;
  onLockNow: () => void;
  announce: (text: string) => void;
}

function BackupReminder(props: { identities: IdentityRecord[]; onBackup: (id: string) => void }): ReactNode {
  const t = useStrings(strings);
  const reminder = backupReminder(props.identities);
  if (!reminder) return null;
  return (
    <MessageBar intent="warning" data-testid="backup-reminder">
      <MessageBarBody>{reminder.count === 1 ? t("backupReminderOne", { email: reminder.firstEmail }) : t("backupReminderMany", { count: reminder.count })}</MessageBarBody>
      <MessageBarActions>
        <Button data-testid="backup-reminder-button" onClick={() => props.onBackup(reminder.firstId)}>
          {t("backupNow")}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function TabsView(props: TabsViewProps): ReactNode {
  const t = useStrings(strings);
  const { data, tab, reload, announce } = props;
  return (
    <>
      {props.banner && (
        <MessageBar intent="success" data-testid="banner" id="settings-banner" tabIndex={-1}>
          <MessageBarBody>{props.banner}</MessageBarBody>
        </MessageBar>
      )}
      <BackupReminder
        identities={data.identities}
        onBackup={(id) => {
          props.onTab("identities");
          props.onBackupFor(id);
        }}
      />
      <TabList size="small" style={{ flexWrap: "wrap" }} selectedValue={tab} onTabSelect={(_, d) => props.onTab(d.value as TabName)} aria-label={t("sectionsLabel")}>
        {TABS.map((name) => (
          <Tab key={name} value={name} data-testid={`tab-${name}`}>
            {t(`tab_${name}`)}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-label={t(`tab_${tab}`)}>
        {tab === "identities" && (
          <IdentitiesView
            key={props.backupFor}
            identities={data.identities}
            pending={data.pending}
            onChanged={reload}
            onAdd={props.onAdd}
            onPaired={(record) => {
              // The new identity has no backup yet: open its backup form right away.
              props.onBackupFor(record.id);
              announce(t("identityAdded", { email: record.email }));
              void reload();
            }}
            announce={announce}
            backupFor={props.backupFor}
          />
        )}
        {tab === "addressbook" && <AddressBookView entries={data.addressBook} pins={data.pins} onChanged={reload} announce={announce} />}
        {tab === "trust" && <TrustView pins={data.pins} onChanged={reload} announce={announce} />}
        {tab === "security" && <SecurityView hasPassphrase={data.state.hasPassphrase} lock={data.lock} onChanged={reload} announce={announce} onLockNow={props.onLockNow} />}
        {tab === "policy" && <PolicyView announce={announce} />}
      </div>
    </>
  );
}
