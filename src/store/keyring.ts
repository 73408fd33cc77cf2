/**
 * Protection of private keys at rest.
 *
 *   private key (PKCS#8)  --AES-256-GCM, AAD = identity id-->        ciphertext in the identity record
 *   data-encryption key (DEK, AES-256)  --wrapKey AES-GCM under-->   device key (non-extractable CryptoKey in IDB)
 *   [with passphrase] that wrapped DEK  --AES-256-GCM under-->       KEK = PBKDF2-HMAC-SHA256(passphrase, salt)
 *
 * The raw DEK never reaches JavaScript after creation: it is unwrapped by WebCrypto straight into a
 * non-extractable CryptoKey. With a passphrase, the device-wrapped DEK is stored only inside the passphrase
 * layer, so a copy of the browser profile (which holds the device key's bytes) is not enough.
 * Setting, changing or removing the passphrase rewraps the DEK only; private-key ciphertexts stay as they are.
 */
import { concatBytes, randomBytes, toArrayBuffer, utf8Encode } from "../core/bytes";
import { SpmError } from "../core/errors";

export const KEYRING_VERSION = 1;
/** OWASP 2023 recommendation for PBKDF2-HMAC-SHA256. Recorded per keyring so it can be raised later. */
export const PBKDF2_ITERATIONS = 600_000;
export const PBKDF2_SALT_BYTES = 16;
const GCM_IV_BYTES = 12;

const AAD_DEK = utf8Encode("spm/keyring/v1/dek");
const AAD_PASSPHRASE = utf8Encode("spm/keyring/v1/passphrase");
const aadForIdentity = (id: string) => utf8Encode(`spm/identity-key/v1/${id}`);

export interface Sealed {
  iv: Uint8Array;
  data: Uint8Array;
}

export interface KdfParams {
  name: "PBKDF2";
  hash: "SHA-256";
  iterations: number;
  salt: Uint8Array;
}

export interface KeyringRecord {
  v: typeof KEYRING_VERSION;
  /** AES-256-GCM, non-extractable, usages wrapKey/unwrapKey. Stored as a CryptoKey (structured clone). */
  deviceKey: CryptoKey;
  /** DEK wrapped under the device key. Present only when there is no passphrase. */
  wrappedDek?: Sealed;
  /** With a passphrase: (iv || wrappedDek.data) encrypted under the passphrase KEK. */
  passphrase?: { kdf: KdfParams; sealed: Sealed };
  createdAt: Date;
}

export interface EncryptedKey {
  alg: "AES-256-GCM";
  iv: Uint8Array;
  data: Uint8Array;
}

export class Keyring {
  constructor(private readonly subtle: SubtleCrypto) {}

  /** A fresh keyring. Returns the record to store and the usable (non-extractable) DEK. */
  async create(now: Date): Promise<{ record: KeyringRecord; dek: CryptoKey }> {
    const deviceKey = await this.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
    // Extractable only long enough to be wrapped; the copy we keep is unwrapped as non-extractable.
    const fresh = await this.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
    const iv = randomBytes(GCM_IV_BYTES);
    const data = new Uint8Array(
      await this.subtle.wrapKey("raw", fresh, deviceKey, { name: "AES-GCM", iv: toArrayBuffer(iv), additionalData: toArrayBuffer(AAD_DEK) }),
    );
    const record: KeyringRecord = { v: KEYRING_VERSION, deviceKey, wrappedDek: { iv, data }, createdAt: now };
    return { record, dek: await this.unwrapDek(deviceKey, record.wrappedDek as Sealed) };
  }

  async unwrapDek(deviceKey: CryptoKey, wrapped: Sealed): Promise<CryptoKey> {
    try {
      return await this.subtle.unwrapKey(
        "raw",
        toArrayBuffer(wrapped.data),
        deviceKey,
        { name: "AES-GCM", iv: toArrayBuffer(wrapped.iv), additionalData: toArrayBuffer(AAD_DEK) },
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    } catch (e) {
      throw new SpmError("DECRYPTION_FAILED", "The stored key-encryption data does not match this device key", { cause: e });
    }
  }

  /** Open the passphrase layer: returns the device-wrapped DEK. WRONG_PASSWORD when the passphrase is wrong. */
  async openPassphraseLayer(layer: NonNullable<KeyringRecord["passphrase"]>, passphrase: string): Promise<Sealed> {
    const kek = await this.deriveKek(passphrase, layer.kdf);
    let inner: Uint8Array;
    try {
      inner = new Uint8Array(
        await this.subtle.decrypt(
          { name: "AES-GCM", iv: toArrayBuffer(layer.sealed.iv), additionalData: toArrayBuffer(AAD_PASSPHRASE) },
          kek,
          toArrayBuffer(layer.sealed.data),
        ),
      );
    } catch (e) {
      throw new SpmError("WRONG_PASSWORD", "The passphrase is wrong", { cause: e });
    }
    return { iv: inner.slice(0, GCM_IV_BYTES), data: inner.slice(GCM_IV_BYTES) };
  }

  async sealWithPassphrase(wrapped: Sealed, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<NonNullable<KeyringRecord["passphrase"]>> {
    const kdf: KdfParams = { name: "PBKDF2", hash: "SHA-256", iterations, salt: randomBytes(PBKDF2_SALT_BYTES) };
    const kek = await this.deriveKek(passphrase, kdf);
    const iv = randomBytes(GCM_IV_BYTES);
    const data = new Uint8Array(
      await this.subtle.encrypt(
        { name: "AES-GCM", iv: toArrayBuffer(iv), additionalData: toArrayBuffer(AAD_PASSPHRASE) },
        kek,
        toArrayBuffer(concatBytes(wrapped.iv, wrapped.data)),
      ),
    );
    return { kdf, sealed: { iv, data } };
  }

  private async deriveKek(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
    if (kdf.name !== "PBKDF2" || kdf.hash !== "SHA-256") {
      throw new SpmError("UNSUPPORTED_ALGORITHM", `Unsupported passphrase KDF ${kdf.name}/${kdf.hash}`);
    }
    // NFC so the same passphrase typed on different keyboards/platforms derives the same key.
    const material = await this.subtle.importKey("raw", toArrayBuffer(utf8Encode(passphrase.normalize("NFC"))), "PBKDF2", false, ["deriveKey"]);
    return this.subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", iterations: kdf.iterations, salt: toArrayBuffer(kdf.salt) },
      material,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    );
  }

  async encryptPrivateKey(dek: CryptoKey, identityId: string, pkcs8: Uint8Array): Promise<EncryptedKey> {
    const iv = randomBytes(GCM_IV_BYTES);
    const data = new Uint8Array(
      await this.subtle.encrypt(
        { name: "AES-GCM", iv: toArrayBuffer(iv), additionalData: toArrayBuffer(aadForIdentity(identityId)) },
        dek,
        toArrayBuffer(pkcs8),
      ),
    );
    return { alg: "AES-256-GCM", iv, data };
  }

  async decryptPrivateKey(dek: CryptoKey, identityId: string, encrypted: EncryptedKey): Promise<Uint8Array> {
    try {
      return new Uint8Array(
        await this.subtle.decrypt(
          { name: "AES-GCM", iv: toArrayBuffer(encrypted.iv), additionalData: toArrayBuffer(aadForIdentity(identityId)) },
          dek,
          toArrayBuffer(encrypted.data),
        ),
      );
    } catch (e) {
      // Either the record was altered/moved to another id, or it was written under another keyring.
      throw new SpmError("DECRYPTION_FAILED", "A stored private key could not be decrypted", { cause: e, details: { identityId } });
    }
  }
}
