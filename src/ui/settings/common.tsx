/** Small building blocks shared by the settings views: error bar, file picker, new-password pair. */
import { Field, Input, Label, MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";
import { useId, useState, type ReactNode } from "react";
import { errorText, useLanguage, useStrings } from "../shared";
import { MIN_PASSWORD_LENGTH } from "./flows";
import { strings } from "./strings";

export const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: "12px" },
  row: { display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "center" },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: "6px",
    padding: "10px 12px",
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: "12px", rowGap: "2px", margin: 0 },
  factValue: { margin: 0, overflowWrap: "anywhere" },
  fileInput: { color: tokens.colorNeutralForeground1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

export function ErrorBar(props: { error: unknown; testId?: string }): ReactNode {
  const language = useLanguage();
  if (props.error === undefined) return null;
  return (
    <MessageBar intent="error" data-testid={props.testId ?? "error"}>
      <MessageBarBody>{errorText(props.error, language)}</MessageBarBody>
    </MessageBar>
  );
}

/** A native file input with a visible label (Fluent has no file picker; the native one is keyboard-accessible). */
export function FilePicker(props: { label: string; accept: string; onFile: (file: File | undefined) => void; testId: string; hint?: string }): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const styles = useStyles();
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 4 }}>
      <Label htmlFor={id}>{props.label}</Label>
      <input
        id={id}
        type="file"
        accept={props.accept}
        className={styles.fileInput}
        aria-describedby={props.hint ? hintId : undefined}
        data-testid={props.testId}
        onChange={(e) => props.onFile(e.currentTarget.files?.[0])}
      />
      {props.hint && (
        <span id={hintId} style={{ fontSize: 12 }}>
          {props.hint}
        </span>
      )}
    </div>
  );
}

/** Two password fields that must match and be long enough. `onChange` gets the password when valid. */
export function NewPasswordFields(props: { label: string; repeatLabel?: string; testId: string; onChange: (valid: string | undefined) => void }): ReactNode {
  const t = useStrings(strings);
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const update = (a: string, b: string) => {
    setFirst(a);
    setSecond(b);
    props.onChange(a.length >= MIN_PASSWORD_LENGTH && a === b ? a : undefined);
  };
  const tooShort = first.length > 0 && first.length < MIN_PASSWORD_LENGTH;
  const mismatch = second.length > 0 && first !== second;
  return (
    <>
      <Field
        label={props.label}
        required
        validationState={tooShort ? "warning" : "none"}
        validationMessage={tooShort ? t("passwordTooShort", { min: MIN_PASSWORD_LENGTH }) : t("passwordHint", { min: MIN_PASSWORD_LENGTH })}
      >
        <Input type="password" value={first} autoComplete="new-password" data-testid={`${props.testId}-1`} onChange={(_, d) => update(d.value, second)} />
      </Field>
      <Field label={props.repeatLabel ?? t("passwordRepeat")} required validationState={mismatch ? "error" : "none"} validationMessage={mismatch ? t("passwordMismatch") : undefined}>
        <Input type="password" value={second} autoComplete="new-password" data-testid={`${props.testId}-2`} onChange={(_, d) => update(first, d.value)} />
      </Field>
    </>
  );
}

/** One view of the settings pane: a section named by its h2 (screen readers list the views by title). */
export function ViewSection(props: { name: string; title: string; children: ReactNode }): ReactNode {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={`${props.name}-title`} data-testid={`${props.name}-view`}>
      <h2 id={`${props.name}-title`} style={{ margin: 0, fontSize: 18 }}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
