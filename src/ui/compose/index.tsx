/**
 * Entry of the compose pane (compose.html -> compose.js): wait for Office, open the key store and the
 * host ports, render the pane. Public surface of src/ui/compose: ComposePane, its services, and the pure
 * helpers the tests and other panes may reuse.
 */
import { bootPane } from "../shared";
import { ComposePane } from "./ComposePane";
import { ComposeServicesContext, createComposeServices } from "./services";

export { ComposePane } from "./ComposePane";
export { ComposeServicesContext, createComposeServices, type ComposeServices } from "./services";
export { toCoreDraft, contentIdFor, referencedContentIds } from "./draft";
export { estimateP7mBase64Chars } from "./size";
export { noticeHtml, noticeText, type Protection } from "./notice";
export { recipientStatus, importCertificateFile, type RecipientStatus, type CertificateState } from "./recipients";

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
