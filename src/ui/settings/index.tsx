/** Boots the settings pane (public/settings.html -> settings.js). The pane's modules are listed in ./public.ts. */
import { bootPane } from "../shared";
import { SettingsPane } from "./pane";
import { createSettingsServices } from "./office-services";

if (typeof document !== "undefined" && document.getElementById("root")) {
  // The pane fills the task pane edge to edge (the theme's background, not the page's default margin).
  document.body.style.margin = "0";
  void bootPane(() => <SettingsPane services={createSettingsServices()} />);
}
