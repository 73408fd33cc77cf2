/** `spm decrypt`. */
import { openEnvelope, openEnvelopeInTwoPasses } from "../core/cms/enveloped";
import { SpmError } from "../core/errors";
import { cmsKind } from "../core/smime/detect";
import { oneInput, type ParsedArgs } from "./args";
import { configFrom } from "./commands";
import { loadIdentities } from "./credentials";
import { encryptedSource, readEncryptedCms } from "./encrypted-input";
import { OutputBuffer, writeOutput } from "./io";

/** Decrypt the outermost layer only, like `openssl cms -decrypt`: output is the entity, byte-exact. */
export async function decryptCommand(args: ParsedArgs): Promise<number> {
  const identities = await loadIdentities(args, true);
  // A large file is read twice instead of held (see openEnvelopeInTwoPasses): nothing is written until the
  // content is known to open.
  const source = encryptedSource(oneInput(args));
  if (source) {
    const out = new OutputBuffer();
    if (await openEnvelopeInTwoPasses(source, identities, (plain) => out.write(plain), { config: configFrom(args) })) {
      out.flush();
      return 0;
    }
  }
  // Read (and base64-decoded while read) into a buffer of our own: the content may be decrypted over it.
  const der = readEncryptedCms(oneInput(args));
  const kind = cmsKind(der);
  if (kind === "signed-data") throw new SpmError("INVALID_ARGUMENT", "the message is signed, not encrypted: use spm verify or spm open");
  const opened = await openEnvelope(der, identities, { config: configFrom(args), consumeInput: true });
  writeOutput(opened.content);
  return 0;
}

