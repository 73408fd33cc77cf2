/** Boots the read pane (public/read.html -> read.js). The pane's modules are listed in ./public.ts. */
import { bootPane } from "../shared";
import { ReadPane } from "./pane";
import { createReadServices } from "./services";

if (typeof document !== "undefined" && document.getElementById("root")) {
  void bootPane(() => <ReadPane services={createReadServices()} />);
}
