/** The status in the pane's own chrome (never inside the mail content): headline, sentence, signer vs From, details. */
import { MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { formatDate, useLanguage, useStrings } from "../shared";
import type { StatusView } from "./status";
import { strings } from "./strings";

export function StatusBar(props: { status: StatusView; id: string }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const s = props.status;
  return (
    <MessageBar intent={s.intent} layout="multiline" data-testid="status" data-status={s.signature} data-intent={s.intent} data-trust={s.pinned ? "pinned" : undefined} aria-labelledby={`${props.id}-title`}>
      <MessageBarBody>
        <MessageBarTitle id={`${props.id}-title`}>{s.title}</MessageBarTitle>
        <span data-testid="status-sentence">{s.sentence}</span>
        {s.signer && (
          <div data-testid="signer" style={{ marginTop: 6 }}>
            <Text weight="semibold">{t("signedBy", { email: s.signer.email })}</Text>
            {s.signer.signingTime && <Text>{" · " + t("signedAt", { time: formatDate(new Date(s.signer.signingTime), language, true) })}</Text>}
            <br />
            <Text>{t("fromShown", { from: s.fromShown || t("noFrom") })}</Text>
            {" · "}
            <Text weight="semibold" data-testid="from-match" data-matches={String(s.signer.matchesFrom)}>
              {s.signer.matchesFrom ? t("fromMatches") : t("fromDiffers")}
            </Text>
          </div>
        )}
        {s.outerSignature && (
          <Text as="p" weight="semibold" data-testid="outer-signature" style={{ margin: "6px 0 0" }}>
            {s.outerSignature.sentence}
          </Text>
        )}
        {s.details.length > 0 && (
          <ul data-testid="status-details" aria-label={t("details")} style={{ margin: "6px 0 0", paddingLeft: 18 }}>
            {s.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
