/** The admin's policy, read-only: where it came from and its settings as a list of facts. */
import { Text } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Policy } from "../../core/policy";
import { useLanguage, useStrings } from "../shared";
import { useStyles } from "./common";
import { adminPolicyRows } from "./policy-model";
import { strings } from "./strings";

export function AdminPolicyFacts(props: { policy: Policy; fromOrganisation: boolean }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const styles = useStyles();
  return (
    <>
      <h3 style={{ margin: 0, fontSize: 16 }}>{t("policyAdminTitle")}</h3>
      <Text size={200}>{props.fromOrganisation ? t("policyFromOrganisation") : t("policyBuiltIn")}</Text>
      <dl className={styles.facts} data-testid="admin-policy">
        {adminPolicyRows(props.policy, t, language).map(([term, value]) => (
          <div key={term} style={{ display: "contents" }}>
            <dt style={{ fontWeight: 600 }}>{term}</dt>
            <dd className={styles.factValue}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
