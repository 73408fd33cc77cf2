/**
 * Public surface of src/ui/compose: the pane, its services, and the pure helpers that tests and other panes
 * may reuse. (index.tsx is the page's entry and only boots.)
 */
export { ComposePane } from "./pane";
export { ComposeServicesContext, type ComposeServices, type DeliveryServices } from "./context";
export { createComposeServices } from "./services";
export { composeBlockers, isAlreadyProtected, layoutFor, type Blocker, type BlockerCode, type BlockerInput, type ComposeFacts } from "./blockers";
export { flowReducer, INITIAL_FLOW, type FlowState, type FlowAction, type Outcome } from "./flow";
export { toCoreDraft, inlineImagePlan } from "./draft";
export { estimateP7mBase64Chars, chooseLayout } from "./size";
export { noticeHtml, noticeText, type Protection } from "./notice";
export { recipientStatus, importCertificateFile, type RecipientStatus, type CertificateState } from "./recipients";
export { readFacts } from "./facts";
