/** Boots the web reader (public/reader.html -> reader.js): no Office.js, the page's language from the browser. */
import { createRoot } from "react-dom/client";
import { PaneProvider } from "../shared";
import { Reader } from "./reader";
import { createReaderServices } from "./services";

const container = typeof document !== "undefined" ? document.getElementById("root") : null;
if (container) {
  const language = /^de\b/i.test(globalThis.navigator?.language ?? "") ? "de" : "en";
  document.documentElement.lang = language;
  createRoot(container).render(
    <PaneProvider environment={{ language, isDark: false }}>
      <Reader services={createReaderServices()} />
    </PaneProvider>,
  );
}
