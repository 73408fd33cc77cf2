/** The main button (its name says what it will do), "Check again", why the button is disabled, and progress. */
import { Button, Caption1, Field, ProgressBar } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Language } from "../../core/types";
import { formatDate, useLanguage, useStrings } from "../shared/i18n";
import type { Blocker } from "./blockers";
import type { AuthState, DeliveryFormat } from "./delivery";
import { reasonText } from "./delivery-choice";
import type { Protection } from "./notice";
import type { FlowStage } from "./protect-flow";
import { strings, type ComposeStringKey, type Translate } from "./strings";
import { deliveryStrings, type DeliveryTranslate } from "./strings-delivery";
import { useComposeStyles } from "./styles";

type DetailedBlocker = "identity-expired" | "item-attachments" | "unreadable-attachments" | "missing-certificates" | "delivery-refused";

/** Blockers whose text is one sentence without details. */
const PLAIN_BLOCKER_TEXT: Record<Exclude<Blocker["code"], DetailedBlocker>, ComposeStringKey> = {
  "no-identity": "noIdentityText",
  "storage-lost": "storageLostText",
  "nothing-selected": "nothingSelected",
  locked: "lockedText",
  "no-recipients": "needRecipientsForEncryption",
  bcc: "bccBlocks",
  "too-large": "tooLargeTitle",
};

export function blockerText(t: Translate, dt: DeliveryTranslate, b: Blocker, language: Language, auth: AuthState): string {
  switch (b.code) {
    case "identity-expired":
      return t("identityExpired", { date: formatDate(b.notAfter, language) });
    case "item-attachments":
      return t("itemAttachments", { names: b.names.join(", ") });
    case "unreadable-attachments":
      return t("unreadableAttachments", { names: b.names.join(", ") });
    case "missing-certificates":
      return `${t("missingSummary", { names: b.names.join(", ") })} ${t("noFewerRecipients")}`;
    case "delivery-refused":
      return dt("refusedText", { reason: reasonText(dt, b.reason, auth, undefined, language) });
    default:
      return t(PLAIN_BLOCKER_TEXT[b.code]);
  }
}

/** The stages of one click, in order, for the progress bar and the screen-reader line. */
export function stagesFor(sign: boolean, encrypt: boolean, delivery: DeliveryFormat): FlowStage[] {
  const crypto: FlowStage[] = [...(sign ? (["signing"] as const) : []), ...(encrypt ? (["encrypting"] as const) : [])];
  return ["reading", "building", ...crypto, ...(delivery === "standard" ? (["sending", "closing"] as const) : (["attaching"] as const))];
}

const STAGE_KEYS = {
  reading: "stageReading",
  building: "stageBuilding",
  signing: "stageSigning",
  encrypting: "stageEncrypting",
  attaching: "stageAttaching",
} as const;

export function stageLine(t: Translate, dt: DeliveryTranslate, stage: FlowStage, sign: boolean, encrypt: boolean, delivery: DeliveryFormat): string {
  const stages = stagesFor(sign, encrypt, delivery);
  const name = stage === "sending" ? dt("stageSending") : stage === "closing" ? dt("stageClosing") : t(STAGE_KEYS[stage]);
  return t("stepOf", { n: stages.indexOf(stage) + 1, total: stages.length, stage: name });
}

export function actionLabel(t: Translate, dt: DeliveryTranslate, protection: Protection, delivery: DeliveryFormat): string {
  if (delivery === "standard") return protection === "both" ? dt("actionBothSend") : protection === "encrypt" ? dt("actionEncryptSend") : dt("actionSignSend");
  return protection === "both" ? t("actionBoth") : protection === "encrypt" ? t("actionEncrypt") : t("actionSign");
}

export interface ActionBarProps {
  label: string;
  canRun: boolean;
  busy: boolean;
  blockers: Blocker[];
  showBlockers: boolean;
  auth: AuthState;
  stage?: FlowStage;
  stages: FlowStage[];
  stageText?: string;
  onRun: () => void;
  onRefresh: () => void;
}

export function ActionBar(props: ActionBarProps): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  const dt = useStrings(deliveryStrings);
  const styles = useComposeStyles();
  const blockersId = "spm-blockers";
  return (
    <>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={!props.canRun} aria-describedby={props.blockers.length ? blockersId : undefined} onClick={props.onRun}>
          {props.label}
        </Button>
        <Button onClick={props.onRefresh} disabled={props.busy}>
          {t("refresh")}
        </Button>
      </div>
      {props.blockers.length > 0 && props.showBlockers && (
        <ul id={blockersId} className={styles.list}>
          {props.blockers.map((b) => {
            const text = blockerText(t, dt, b, language, props.auth);
            return (
              <li key={text}>
                <Caption1>{text}</Caption1>
              </li>
            );
          })}
        </ul>
      )}
      {props.stage && (
        <Field label={props.stageText}>
          <ProgressBar value={(props.stages.indexOf(props.stage) + 1) / (props.stages.length + 1)} />
        </Field>
      )}
    </>
  );
}
