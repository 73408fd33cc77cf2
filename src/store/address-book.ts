/**
 * Recipients' certificates (imported by the user, collected from verified signed mail per RFC 8551 §2.5.2,
 * or from the organisation) and the user's pins (explicit trust in one certificate for one address).
 */
import { SpmError } from "../core/errors";
import { normalizeAddress, sameAddress } from "../core/mime";
import { describe } from "./certificate";
import type { StoreContext } from "./context";
import { STORES, records, type RecordStore } from "./idb";
import type { AddressBookEntry, CollectInput, Pin } from "./types";
import { requireBytes, requireCapabilities, requireEmail, requireHex } from "./validate";

/** RFC 8551 §2.5.2: signing times further in the future than any reasonable clock skew are not accepted. */
export const MAX_SIGNING_TIME_SKEW_MS = 60 * 60 * 1000;

function byRecency(a: AddressBookEntry, b: AddressBookEntry): number {
  const ta = a.signingTime?.getTime() ?? -Infinity;
  const tb = b.signingTime?.getTime() ?? -Infinity;
  if (ta !== tb) return tb - ta;
  return b.updatedAt.getTime() - a.updatedAt.getTime();
}

interface Collected {
  from: string;
  certificate: Uint8Array;
  sha256Hex: string;
  capabilities: string[];
  signingTime?: Date;
  now: Date;
}

/** Inside the transaction: write the collected entry if it is newer than what we hold, else nothing. */
async function storeCollected(os: RecordStore<"addressBook">, c: Collected): Promise<AddressBookEntry | undefined> {
  const entries = await os.getAllFromIndex("email", c.from);
  const newest = entries.reduce<number | undefined>((max, e) => {
    const t = e.signingTime?.getTime();
    return t === undefined ? max : Math.max(max ?? t, t);
  }, undefined);
  // Once we hold a timed entry, only a strictly newer signature may change anything.
  if (newest !== undefined && (!c.signingTime || c.signingTime.getTime() <= newest)) return undefined;
  const same = entries.find((e) => e.sha256Hex === c.sha256Hex);
  const entry: AddressBookEntry = {
    email: c.from,
    certificate: c.certificate.slice(),
    sha256Hex: c.sha256Hex,
    source: same?.source ?? "collected",
    capabilities: c.capabilities,
    addedAt: same?.addedAt ?? c.now,
    updatedAt: c.now,
  };
  if (c.signingTime) entry.signingTime = c.signingTime;
  await os.put(entry);
  // The newer certificate replaces older collected ones; the user's own imports stay.
  for (const old of entries) {
    if (old.sha256Hex !== c.sha256Hex && old.source === "collected") await os.delete([old.email, old.sha256Hex]);
  }
  return entry;
}

export class AddressBook {
  constructor(private readonly ctx: StoreContext) {}

  async importRecipientCertificate(certificate: Uint8Array, email: string, source: "imported" | "organisation" = "imported"): Promise<AddressBookEntry> {
    const address = requireEmail(email);
    if (source !== "imported" && source !== "organisation") throw new SpmError("INVALID_ARGUMENT", "Unknown address book source");
    const facts = await describe(requireBytes(certificate, "The certificate"));
    if (!facts.emails.includes(address)) {
      throw new SpmError("CERTIFICATE_UNUSABLE", "The certificate is not issued for this e-mail address", {
        details: { certificateEmails: facts.emails },
      });
    }
    const now = this.ctx.now();
    return this.ctx.tx([STORES.addressBook], "readwrite", "import recipient certificate", async (tx) => {
      const os = records(tx, STORES.addressBook);
      const existing = await os.get([address, facts.sha256Hex]);
      const entry: AddressBookEntry = {
        email: address,
        certificate: certificate.slice(),
        sha256Hex: facts.sha256Hex,
        source,
        capabilities: existing?.capabilities ?? [],
        addedAt: existing?.addedAt ?? now,
        updatedAt: now,
      };
      if (existing?.signingTime) entry.signingTime = existing.signingTime;
      await os.put(entry);
      return entry;
    });
  }

  async collectFromSignedMail(input: CollectInput): Promise<AddressBookEntry | undefined> {
    this.ctx.ensureOpen();
    if (!input || typeof input !== "object") throw new SpmError("INVALID_ARGUMENT", "Collection input is required");
    if (input.signatureValid !== true) return undefined;
    if (typeof input.fromAddress !== "string" || !Array.isArray(input.signerEmails)) {
      throw new SpmError("INVALID_ARGUMENT", "fromAddress and signerEmails are required");
    }
    const from = normalizeAddress(input.fromAddress);
    if (from === undefined || !input.signerEmails.some((e) => typeof e === "string" && sameAddress(e, from))) return undefined;
    const capabilities = requireCapabilities(input.capabilities);
    const signingTime = input.signingTime;
    if (signingTime !== undefined && !(signingTime instanceof Date && !Number.isNaN(signingTime.getTime()))) {
      throw new SpmError("INVALID_ARGUMENT", "signingTime must be a valid Date");
    }
    const now = this.ctx.now();
    if (signingTime && signingTime.getTime() > now.getTime() + MAX_SIGNING_TIME_SKEW_MS) return undefined;
    const certificate = requireBytes(input.certificate, "The certificate");
    const facts = await describe(certificate);
    // signerEmails should come from this certificate; check it anyway, the address book is keyed by it.
    if (!facts.emails.some((e) => sameAddress(e, from))) return undefined;
    const collected: Collected = { from, certificate, sha256Hex: facts.sha256Hex, capabilities, signingTime, now };
    return this.ctx.tx([STORES.addressBook], "readwrite", "collect certificate", (tx) => storeCollected(records(tx, STORES.addressBook), collected));
  }

  async findRecipient(email: string): Promise<AddressBookEntry[]> {
    const address = requireEmail(email);
    const entries = await this.ctx.tx([STORES.addressBook], "readonly", "find recipient", (tx) =>
      records(tx, STORES.addressBook).getAllFromIndex("email", address),
    );
    return entries.sort(byRecency);
  }

  async listAddressBook(): Promise<AddressBookEntry[]> {
    const entries = await this.ctx.tx([STORES.addressBook], "readonly", "list address book", (tx) => records(tx, STORES.addressBook).getAll());
    return entries.sort((a, b) => a.email.localeCompare(b.email) || byRecency(a, b));
  }

  async removeRecipient(email: string, sha256HexValue: string): Promise<void> {
    const key: [string, string] = [requireEmail(email), requireHex(sha256HexValue)];
    await this.ctx.tx([STORES.addressBook], "readwrite", "remove recipient", (tx) => records(tx, STORES.addressBook).delete(key));
  }

  // ---------------------------------------------------------------- pins

  async pinCertificate(email: string, certificate: Uint8Array): Promise<Pin> {
    const address = requireEmail(email);
    // A pin is the user's explicit decision, also for a certificate that does not name the address.
    const fingerprint = (await describe(requireBytes(certificate, "The certificate"))).sha256Hex;
    const now = this.ctx.now();
    return this.ctx.tx([STORES.pins], "readwrite", "pin certificate", async (tx) => {
      const os = records(tx, STORES.pins);
      const existing = await os.get([address, fingerprint]);
      if (existing) return existing;
      const pin: Pin = { email: address, certificate: certificate.slice(), sha256Hex: fingerprint, createdAt: now };
      await os.add(pin);
      return pin;
    });
  }

  async listPins(email?: string): Promise<Pin[]> {
    const address = email === undefined ? undefined : requireEmail(email);
    const pins = await this.ctx.tx([STORES.pins], "readonly", "list pins", (tx) => {
      const os = records(tx, STORES.pins);
      return address === undefined ? os.getAll() : os.getAllFromIndex("email", address);
    });
    return pins.sort((a, b) => a.email.localeCompare(b.email) || a.createdAt.getTime() - b.createdAt.getTime());
  }

  async removePin(email: string, sha256HexValue: string): Promise<void> {
    const key: [string, string] = [requireEmail(email), requireHex(sha256HexValue)];
    await this.ctx.tx([STORES.pins], "readwrite", "remove pin", (tx) => records(tx, STORES.pins).delete(key));
  }
}
