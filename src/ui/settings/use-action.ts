/** The settings views' way to run a store action: busy while it runs, its error shown (ErrorBar), not thrown. */
import { useState } from "react";

export interface ActionState {
  busy: boolean;
  error: unknown;
  /** For errors that do not come from an action (e.g. a load in an effect). */
  setError: (error: unknown) => void;
  run: (action: () => Promise<void>) => Promise<void>;
}

export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
