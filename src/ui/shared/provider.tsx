/** One provider for every pane: Fluent theme (following Office light/dark), language, and the pane's services. */
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { createContext, useContext, type ReactNode } from "react";
import type { Language } from "../../core/types";
import { LanguageContext } from "./i18n";

export interface PaneEnvironment {
  language: Language;
  isDark: boolean;
}

export function PaneProvider(props: { environment: PaneEnvironment; children: ReactNode }): ReactNode {
  const { language, isDark } = props.environment;
  return (
    <FluentProvider theme={isDark ? webDarkTheme : webLightTheme} lang={language === "de" ? "de-DE" : "en-GB"} style={{ minHeight: "100vh" }}>
      <LanguageContext.Provider value={language}>{props.children}</LanguageContext.Provider>
    </FluentProvider>
  );
}

/** A typed services context per pane: components receive services, so they are testable without Office. */
export function createServicesContext<T>(name: string): { Provider: React.Provider<T | undefined>; use: () => T } {
  const Context = createContext<T | undefined>(undefined);
  Context.displayName = name;
  return {
    Provider: Context.Provider,
    use: () => {
      const value = useContext(Context);
      if (value === undefined) throw new Error(`${name} is missing: wrap the component in its Provider`);
      return value;
    },
  };
}
