/**
 * Policy: what the admin set (read-only, policy-admin.tsx) and the user's own choices where allowed
 * (policy-choices.tsx). Saved in store settings and mirrored to roamingSettings (ROAMING_KEYS), where the
 * OnMessageSend handler reads them; the validated admin policy is mirrored there too (policy-model.ts).
 */
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useEffect, useState, type ReactNode } from "react";
import type { UserSettings } from "../../core/policy";
import { useStrings } from "../shared";
import { ErrorBar, useStyles } from "./common";
import { AdminPolicyFacts } from "./policy-admin";
import { UserChoices } from "./policy-choices";
import { loadPolicy, saveUserChoices, type LoadedPolicy } from "./policy-model";
import { Services } from "./services";
import { strings } from "./strings";

type Loaded = Omit<LoadedPolicy, "roamingError"> | { error: unknown };

function RoamingStatus(props: { available: boolean; error: unknown }): ReactNode {
  const t = useStrings(strings);
  if (!props.available) {
    return (
      <MessageBar intent="info" data-testid="roaming-unavailable">
        <MessageBarBody>{t("roamingUnavailable")}</MessageBarBody>
      </MessageBar>
    );
  }
  if (props.error === undefined) return null;
  return (
    <MessageBar intent="warning" data-testid="roaming-error">
      <MessageBarBody>{t("roamingFailed")}</MessageBarBody>
    </MessageBar>
  );
}

export function PolicyView(props: { announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [saveError, setSaveError] = useState<unknown>();
  const [roamingError, setRoamingError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    loadPolicy(services).then(
      ({ roamingError: mirrorError, ...l }) => {
        if (!live) return;
        if (mirrorError !== undefined) setRoamingError(mirrorError);
        setLoaded(l);
      },
      (error: unknown) => live && setLoaded({ error }),
    );
    return () => {
      live = false;
    };
  }, [services]);

  const title = (
    <h2 id="policy-title" style={{ margin: 0, fontSize: 18 }}>
      {t("policyTitle")}
    </h2>
  );
  if (!loaded) return null;
  if ("error" in loaded) {
    return (
      <section className={styles.section} aria-labelledby="policy-title" data-testid="policy-view">
        {title}
        <ErrorBar error={loaded.error} />
      </section>
    );
  }

  const save = async (next: UserSettings) => {
    setSaveError(undefined);
    setRoamingError(undefined);
    // Show the choice at once (a controlled switch would otherwise snap back until the write finishes).
    setLoaded({ ...loaded, user: next });
    try {
      const { roamingError: mirrorError } = await saveUserChoices(services, next);
      if (mirrorError !== undefined) setRoamingError(mirrorError);
      props.announce(t("saved"));
    } catch (e) {
      setLoaded(loaded);
      setSaveError(e);
    }
  };

  return (
    <section className={styles.section} aria-labelledby="policy-title" data-testid="policy-view">
      {title}
      <AdminPolicyFacts policy={loaded.policy} fromOrganisation={loaded.fromOrganisation} />
      <UserChoices policy={loaded.policy} user={loaded.user} onChange={(next) => void save(next)} />
      <ErrorBar error={saveError} />
      <RoamingStatus available={!!services.roaming} error={roamingError} />
    </section>
  );
}
