/** Step 1 of the guide: how the user gets a certificate (a file, a CA request, or a self-signed test one). */
import { Button, Text } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useStrings } from "../shared";
import { useStyles } from "./common";
import { strings } from "./strings";

export function ChooseStep(props: { onImport: () => void; onRequest: () => void; onSelfSigned: () => void; onCancel?: () => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  return (
    <>
      <Text>{t("onboardingIntro")}</Text>
      <div className={styles.section}>
        <Button appearance="primary" size="large" onClick={props.onImport} data-testid="choose-import">
          {t("chooseImport")}
        </Button>
        <h3 style={{ margin: "8px 0 0", fontSize: 16 }}>{t("chooseNeedHeading")}</h3>
        <Button size="large" onClick={props.onRequest} data-testid="choose-request">
          {t("chooseRequest")}
        </Button>
        <Button size="large" onClick={props.onSelfSigned} data-testid="choose-selfsigned">
          {t("chooseSelfSigned")}
        </Button>
      </div>
      {props.onCancel && (
        <div className={styles.row}>
          <Button appearance="subtle" onClick={props.onCancel} data-testid="onboarding-cancel">
            {t("cancel")}
          </Button>
        </div>
      )}
    </>
  );
}
