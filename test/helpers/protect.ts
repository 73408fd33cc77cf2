/**
 * Messages the way the compose pane makes them, with the product's own core (buildDraftEntity, then
 * protectEntity): the usual Dr. Alice -> Bob draft of the browser tests, signed by a test identity and
 * encrypted for others. The peers (OpenSSL, NSS) check these elsewhere; here they are input for the panes.
 */
import { buildDraftEntity, type BuildDraftOptions, type Draft } from "../../src/core/mime";
import { protectEntity, type ProtectRequest } from "../../src/core/smime";
import type { TestIdentity } from "./openssl";

/** Dr. Alice's draft to Bob, dated now, with no attachments unless `fields` gives them. */
export function draftFromAlice(fields: Partial<Draft> & Pick<Draft, "subject">): Draft {
  return {
    from: { name: "Dr. Alice", address: "alice@clinic.example" },
    to: [{ name: "Bob", address: "bob@lab.example" }],
    cc: [],
    date: new Date(),
    attachments: [],
    ...fields,
  };
}

export interface ProtectDraftOptions extends Omit<ProtectRequest, "entity" | "signer" | "recipients"> {
  build?: BuildDraftOptions;
}

/** The CMS of `draft` signed by `signer` (none: encrypted only) and encrypted for `recipients`. */
export async function protectDraft(draft: Draft, signer: TestIdentity | undefined, recipients: TestIdentity[], options: ProtectDraftOptions = {}): Promise<Uint8Array> {
  const { build, ...request } = options;
  const { cms } = await protectEntity({
    ...request,
    entity: buildDraftEntity(draft, build),
    ...(signer ? { signer: { certificate: signer.certDer, privateKey: signer.keyPkcs8, chain: [] } } : {}),
    recipients: recipients.map((r) => ({ certificate: r.certDer })),
  });
  return cms;
}
