/** What went wrong, calmly: the error's sentence, Outlook's error name, and whether the draft is as it was. */
import { TitledBar } from "./titled-bar";
import type { ReactNode } from "react";
import { isSpmError } from "../../core/errors";
import { errorText } from "../shared/errors";
import { useLanguage, useStrings } from "../shared/i18n";
import { strings } from "./strings";

/** Outlook's error name from a host error, when there is a meaningful one. */
export function officeErrorName(e: unknown): string | undefined {
  if (!isSpmError(e)) return undefined;
  const name = e.details?.officeError;
  return typeof name === "string" && name !== "Unknown" ? name : undefined;
}

export function Failure(props: { error: unknown }): ReactNode {
  const language = useLanguage();
  const t = useStrings(strings);
  const e = props.error;
  const details = isSpmError(e) ? (e.details ?? {}) : {};
  if (details.nativeSmimeSuspected) {
    return (
      <TitledBar intent="error" alert title={t("nativeSmimeTitle")}>
        {t("nativeSmimeText")}
      </TitledBar>
    );
  }
  const name = officeErrorName(e);
  const state = details.rollbackFailed ? t("rollbackFailed") : details.rolledBack ? t("draftUnchanged") : t("nothingChanged");
  return (
    <TitledBar intent="error" alert title={t("failedTitle")}>
      {errorText(e, language)} {name ? t("officeError", { name }) : ""} {state}
    </TitledBar>
  );
}
