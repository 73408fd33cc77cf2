/** `spm decrypt`. */
import { openEnvelope } from "../core/cms/enveloped";
import { SpmError } from "../core/errors";
import { cmsKind } from "../core/smime/detect";
import { oneInput, type ParsedArgs } from "./args";
import { configFrom } from "./commands";
import { loadIdentities } from "./credentials";
import { readEncryptedCms } from "./encrypted-input";
import { writeOutput } from "./io";

/** Decrypt the outermost layer only, like `openssl cms -decrypt`: output is the entity, byte-exact. */
export async function decryptCommand(args: ParsedArgs): Promise<number> {
  const identities = await loadIdentities(args, true);
  // Read (and base64-decoded while read) into a buffer of our own: the content may be decrypted over it.
  const der = readEncryptedCms(oneInput(args));
  const kind = cmsKind(der);
  if (kind === "signed-data") throw new SpmError("INVALID_ARGUMENT", "the message is signed, not encrypted: use spm verify or spm open");
  const opened = await openEnvelope(der, identities, { config: configFrom(args), consumeInput: true });
  writeOutput(opened.content);
  return 0;
}

