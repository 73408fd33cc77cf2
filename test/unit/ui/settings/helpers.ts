/** A real store over fake-indexeddb and a self-signed identity made by src/core (no OpenSSL needed). */
import { IDBFactory } from "fake-indexeddb";
import { createSelfSignedCertificate, generatePrivateKey } from "../../../../src/core/keys";
import type { Identity } from "../../../../src/core/types";
import { openStore, type LossMarkerPort, type SpmStore } from "../../../../src/store";

export class MemoryMarker implements LossMarkerPort {
  value: string | undefined;
  async get(): Promise<string | undefined> {
    return this.value;
  }
  async set(value: string): Promise<void> {
    this.value = value;
  }
}

export async function freshStore(marker = new MemoryMarker(), factory = new IDBFactory()): Promise<SpmStore> {
  return openStore({ indexedDB: factory, lossMarker: marker });
}

export async function selfSignedIdentity(email: string): Promise<Identity> {
  const privateKey = await generatePrivateKey("p256");
  const certificate = await createSelfSignedCertificate(privateKey, { email, commonName: "Test User" });
  return { certificate, privateKey, chain: [] };
}
