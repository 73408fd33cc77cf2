/**
 * Entry of the compose pane (compose.html -> compose.js): wait for Office, create the services, render the
 * pane. Nothing else: the folder's public surface is api.ts.
 */
import { bootPane } from "../shared";
import { ComposePane } from "./pane";
import { ComposeServicesContext, createComposeServices } from "./services";

if (typeof document !== "undefined" && document.getElementById("root")) {
  void bootPane(async () => {
    const services = await createComposeServices();
    return (
      <ComposeServicesContext.Provider value={services}>
        <ComposePane />
      </ComposeServicesContext.Provider>
    );
  });
}
