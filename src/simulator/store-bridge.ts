/**
 * Identity and certificate import for tests, through the same code as the UI (src/store, src/core/keys).
 * The simulator top window and the pane iframe are the same origin, so they share the IndexedDB database:
 * what is imported here is what the pane's store sees. The store's loss marker goes through the same
 * roamingSettings port the pane uses (src/host/settings over the fake Office), so the pane does not see a
 * "storage lost" that the simulator caused. Unlike a pane (whose roaming settings are a snapshot taken when it
 * loads), this test helper works on the mailbox's settings directly.
 */
import * as pkijs from "pkijs";
import { parseBer } from "../core/asn1";
import { fromBase64, pemDecodeAll } from "../core/bytes";
import { importPkcs12 } from "../core/keys";
import { OID } from "../core/oids";
import { createLossMarkerPort } from "../host/settings";
import { openStore, type SpmStore } from "../store";
import { asOfficeGlobal, createFakeOffice } from "./fake-office";
import type { SimMailbox } from "./mailbox-state";

let storePromise: Promise<SpmStore> | undefined;

function store(backend: SimMailbox): Promise<SpmStore> {
  storePromise ??= openStore({ indexedDB: globalThis.indexedDB, lossMarker: createLossMarkerPort(asOfficeGlobal(createFakeOffice(backend, { mode: "compose", roamingSnapshot: backend.roamingSettings }))) });
  return storePromise;
}

/** E-mail addresses in a certificate: subject emailAddress and SAN rfc822Name. */
function certificateEmails(der: Uint8Array): string[] {
  const cert = new pkijs.Certificate({ schema: parseBer(der, { what: "certificate" }) });
  const emails = new Set<string>();
  for (const tv of cert.subject.typesAndValues) if (tv.type === OID.emailAddress) emails.add(String(tv.value.valueBlock.value).toLowerCase());
  for (const ext of cert.extensions ?? []) {
    if (ext.extnID !== OID.subjectAltName || !(ext.parsedValue instanceof pkijs.AltName)) continue;
    for (const gn of ext.parsedValue.altNames) if (gn.type === 1 && typeof gn.value === "string") emails.add(gn.value.toLowerCase());
  }
  return [...emails];
}

/** Import every identity of a PKCS#12 file into the store, like the settings pane's import does. */
export async function importIdentityIntoStore(backend: SimMailbox, p12Base64: string, password: string): Promise<{ id: string; email: string }[]> {
  const contents = await importPkcs12(fromBase64(p12Base64), password);
  if (contents.identities.length === 0) throw new Error("importIdentity: the PKCS#12 file holds no private key with its certificate");
  const s = await store(backend);
  const out: { id: string; email: string }[] = [];
  for (const identity of contents.identities) {
    const record = await s.addIdentity(identity, { source: "pkcs12" });
    out.push({ id: record.id, email: record.email });
  }
  return out;
}

/** Add a recipient certificate (PEM) to the address book under its e-mail address (or `email`). */
export async function importRecipientCertificateIntoStore(backend: SimMailbox, pem: string, email?: string): Promise<{ email: string; sha256Hex: string }> {
  const blocks = pemDecodeAll(pem, "CERTIFICATE");
  if (blocks.length !== 1) throw new Error(`importRecipientCertificate: expected one PEM certificate, found ${blocks.length}`);
  const der = blocks[0].der;
  const address = email ?? certificateEmails(der)[0];
  if (!address) throw new Error("importRecipientCertificate: the certificate has no e-mail address; pass one");
  const entry = await (await store(backend)).importRecipientCertificate(der, address);
  return { email: entry.email, sha256Hex: entry.sha256Hex };
}
