/**
 * Key store lock: an optional passphrase (set, change, remove), lock now, and the idle time after which
 * the key store locks again (kept in store settings; each pane applies it to its own unlocked key).
 */
import { Button, Field, Input, Select, Text } from "@fluentui/react-components";
import { useState, type FormEvent, type ReactNode } from "react";
import { useStrings } from "../shared";
import { ErrorBar, NewPasswordFields, useStyles, ViewSection } from "./common";
import { SETTINGS_KEYS, Services, type LockSettings } from "./services";
import { strings } from "./strings";
import { useAction } from "./use-action";

const AUTO_LOCK_CHOICES = [0, 5, 15, 30, 60];

export function SecurityView(props: { hasPassphrase: boolean; lock: LockSettings; onChanged: () => Promise<void>; announce: (text: string) => void; onLockNow: () => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState<string | undefined>();
  const [formKey, setFormKey] = useState(0);
  const action = useAction();
  const { busy, error } = action;

  const run = (change: () => Promise<void>, done: string) =>
    action.run(async () => {
      await change();
      setCurrent("");
      setNext(undefined);
      setFormKey((k) => k + 1);
      props.announce(done);
      await props.onChanged();
    });

  const setPassphrase = (e: FormEvent) => {
    e.preventDefault();
    if (!next) return;
    void run(async () => (await services.store()).setPassphrase(next, props.hasPassphrase ? current : undefined), t(props.hasPassphrase ? "passphraseChanged" : "passphraseSet"));
  };

  return (
    <ViewSection name="security" title={t("securityTitle")}>
      <Text>{props.hasPassphrase ? t("passphraseOn") : t("passphraseOff")}</Text>
      <form key={formKey} className={styles.section} onSubmit={setPassphrase} aria-label={props.hasPassphrase ? t("passphraseChange") : t("passphraseSetTitle")}>
        {props.hasPassphrase && (
          <Field label={t("passphraseCurrent")} required>
            <Input type="password" value={current} autoComplete="current-password" data-testid="passphrase-current" onChange={(_, d) => setCurrent(d.value)} />
          </Field>
        )}
        <NewPasswordFields label={t("passphraseNew")} repeatLabel={t("passphraseRepeat")} testId="passphrase-new" onChange={setNext} />
        <div className={styles.row}>
          <Button appearance="primary" type="submit" disabled={busy || !next || (props.hasPassphrase && !current)} data-testid="passphrase-submit">
            {props.hasPassphrase ? t("passphraseChange") : t("passphraseSetTitle")}
          </Button>
          {props.hasPassphrase && (
            <>
              <Button
                disabled={busy || !current}
                onClick={() => void run(async () => (await services.store()).setPassphrase(null, current), t("passphraseRemoved"))}
                data-testid="passphrase-remove"
              >
                {t("passphraseRemove")}
              </Button>
              <Button onClick={props.onLockNow} data-testid="lock-now">
                {t("lockNow")}
              </Button>
            </>
          )}
        </div>
      </form>
      <ErrorBar error={error} />
      <Field label={t("autoLockLabel")} hint={t("autoLockHint")}>
        <Select
          value={String(props.lock.autoLockMinutes)}
          data-testid="autolock"
          disabled={!props.hasPassphrase}
          onChange={(_, d) =>
            void run(async () => (await services.store()).setSettings(SETTINGS_KEYS.lock, { autoLockMinutes: Number(d.value) } satisfies LockSettings), t("saved"))
          }
        >
          {AUTO_LOCK_CHOICES.map((m) => (
            <option key={m} value={String(m)}>
              {m === 0 ? t("autoLockNever") : t("autoLockMinutes", { minutes: m })}
            </option>
          ))}
        </Select>
      </Field>
    </ViewSection>
  );
}

/** The store is locked: ask for the passphrase. */
export function UnlockView(props: { onUnlocked: () => Promise<void>; announce: (text: string) => void }): ReactNode {
  const t = useStrings(strings);
  const styles = useStyles();
  const services = Services.use();
  const [passphrase, setPassphrase] = useState("");
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      await (await services.store()).unlock(passphrase);
      setPassphrase("");
      props.announce(t("unlocked"));
      await props.onUnlocked();
    });
  };
  return (
    <form className={styles.section} onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title" data-testid="unlock-view">
      <h2 id="unlock-title" style={{ margin: 0, fontSize: 18 }}>
        {t("unlockTitle")}
      </h2>
      <Text>{t("unlockIntro")}</Text>
      <Field label={t("passphraseLabel")} required>
        <Input type="password" value={passphrase} autoComplete="current-password" autoFocus data-testid="unlock-passphrase" onChange={(_, d) => setPassphrase(d.value)} />
      </Field>
      <ErrorBar error={error} />
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={busy || !passphrase} data-testid="unlock-submit">
          {t("unlockSubmit")}
        </Button>
      </div>
    </form>
  );
}
