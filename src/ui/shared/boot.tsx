/**
 * Pane start-up: wait for Office, read language and theme from the host, render the pane.
 * A start-up failure is shown as a plain message (there is nothing to lose yet).
 */
import { createRoot } from "react-dom/client";
import type { ReactNode } from "react";
import { hostLanguage, hostTheme, waitForOffice } from "../../host";
import { errorText } from "./errors";
import { PaneProvider, type PaneEnvironment } from "./provider";

export async function bootPane(render: (environment: PaneEnvironment) => ReactNode | Promise<ReactNode>): Promise<void> {
  const container = globalThis.document.getElementById("root");
  if (!container) throw new Error("The pane page has no #root element");
  const root = createRoot(container);
  let environment: PaneEnvironment = { language: "en", isDark: false };
  try {
    await waitForOffice();
    // Outlook gives add-ins with event-based activation no theme (host/locale.ts): the webview's scheme then.
    const prefersDark = () => globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches === true;
    environment = { language: hostLanguage(), isDark: hostTheme(undefined, prefersDark).isDark };
    globalThis.document.documentElement.lang = environment.language;
    const app = await render(environment);
    root.render(<PaneProvider environment={environment}>{app}</PaneProvider>);
  } catch (e) {
    root.render(
      <PaneProvider environment={environment}>
        <p role="alert" style={{ padding: 16 }}>
          {errorText(e, environment.language)}
        </p>
      </PaneProvider>,
    );
    throw e;
  }
}
