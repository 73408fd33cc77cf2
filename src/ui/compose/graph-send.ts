/**
 * The click for standard S/MIME: build the complete message (in the worker for large drafts), check its size,
 * hand it to Microsoft Graph, and only after Graph accepted it (202) close and discard the Outlook draft.
 * Until the 202 the draft is never touched, so every failure leaves it exactly as it was. If Outlook cannot
 * close the draft, it is emptied (no recipients, a note, no attachments) so that Outlook's own Send cannot
 * deliver the unprotected text a second time: a Graph send never passes the send guard.
 */
import { isSpmError, SpmError } from "../../core/errors";
import { cleanMessageId, newMessageId, threadingFields } from "../../core/mime";
import { chooseCipher } from "../../core/smime";
import { GRAPH_MAX_BODY_CHARS } from "../../host";
import { toCoreDraft } from "./draft";
import type { ComposeFacts } from "./blockers";
import { sentDraftNote } from "./notice";
import { recipientCertificates, type FlowRequest } from "./protect-flow";
import type { ComposeServices } from "./context";

export type SendResult = { kind: "sent" } | { kind: "sent-open"; failedSteps: string[] };

export interface GraphSendRequest extends Omit<FlowRequest, "snapshot" | "recipients" | "identity"> {
  facts: ComposeFacts & { identity: NonNullable<ComposeFacts["identity"]> };
  accessToken: string;
}

export async function sendThroughGraph(services: ComposeServices, request: GraphSendRequest): Promise<SendResult> {
  const { facts, sign, encrypt } = request;
  const { graph, closer } = services.delivery;
  const from = facts.snapshot.from?.emailAddress;
  if (!graph || !from) throw new SpmError("INVALID_ARGUMENT", "Standard S/MIME delivery is not set up here");
  if (encrypt && facts.recipients.some((r) => r.state !== "found")) {
    throw new SpmError("CERTIFICATE_UNUSABLE", "Some recipients have no usable certificate", { details: { reason: "missing-certificates" } });
  }
  // Threading: Outlook's own In-Reply-To of this reply first, else what the decrypting handler passed on.
  const parent = cleanMessageId(facts.snapshot.inReplyTo) ?? services.origin.originalMessageId;
  const privateKey = sign ? await services.store.getPrivateKey(facts.identity.id) : new Uint8Array(0);
  const result = await services.runProtection(
    {
      draft: toCoreDraft(facts.snapshot),
      sign,
      encrypt,
      identity: { certificate: facts.identity.certificate, privateKey, chain: facts.identity.chain },
      recipients: encrypt ? recipientCertificates(facts.recipients) : [],
      // The sender's own copy counts as a reader whose capabilities are unknown: CBC unless every one said GCM.
      cipher: chooseCipher([...facts.recipients.map((r) => ({ capabilities: r.capabilities })), {}]).cipher,
      compact: encrypt && request.compact === true,
      message: { messageId: newMessageId(from), ...threadingFields(parent) },
    },
    { onStage: request.onStage },
  );
  const body = result.messageBase64 ?? "";
  if (body.length > GRAPH_MAX_BODY_CHARS) {
    throw new SpmError("LIMIT_EXCEEDED", "The message is larger than Microsoft Graph accepts for S/MIME", {
      details: { officeError: "Graph", delivery: "too-large", chars: body.length, limit: GRAPH_MAX_BODY_CHARS, maybeSent: false },
    });
  }
  request.onStage("sending");
  // From here until the draft is gone, Outlook's own Send of this draft must not go out unprotected.
  await closer.markDelivery("sending");
  try {
    await graph.sendMime(body, request.accessToken);
  } catch (e) {
    // A definite failure: nothing left, the draft is the user's again. An unknown outcome keeps a marker.
    const unknown = isSpmError(e) && e.details?.maybeSent === true;
    await closer.markDelivery(unknown ? "unknown" : undefined).catch((markError: unknown) => {
      console.warn("Secure Patient Mail: could not update the delivery marker:", markError instanceof Error ? markError.message : String(markError));
    });
    throw e;
  }
  await closer.markDelivery("sent").catch((e: unknown) => {
    console.warn("Secure Patient Mail: could not update the delivery marker:", e instanceof Error ? e.message : String(e));
  });
  request.onStage("closing");
  try {
    await closer.closeAndDiscard();
    return { kind: "sent" };
  } catch (e) {
    console.warn("Secure Patient Mail: Outlook did not close the sent draft:", e instanceof Error ? e.message : String(e));
    return { kind: "sent-open", failedSteps: await closer.emptyDraft(sentDraftNote(request.language)) };
  }
}
