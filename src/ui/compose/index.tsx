/**
 * Entry of the compose pane (compose.html -> compose.js): wait for Office, create the services, render the
 * pane. Nothing else: the folder's public surface is api.ts. The services (key store, certificates, policy)
 * load as their own chunk while Office starts, so the first download is the pane shell only.
 */
import { bootPane } from "../shared/boot";
import { ComposeServicesContext } from "./context";
import { ComposePane } from "./pane";

if (typeof document !== "undefined" && document.getElementById("root")) {
  const services = import("./services");
  void bootPane(async () => {
    const value = await (await services).createComposeServices();
    return (
      <ComposeServicesContext.Provider value={value}>
        <ComposePane />
      </ComposeServicesContext.Provider>
    );
  });
}
