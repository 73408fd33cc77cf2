/**
 * Node's native paths behind the core's small hooks. src/core stays runtime-neutral (no node:* imports); the CLI
 * runs only on Node, so it hands the core Node's C++ base64 decoder (about twice the speed of the JavaScript one
 * on a 36 MB body; the core checks every answer, see src/core/base64.ts).
 */
import { installNativeBase64, type NativeBase64Decode } from "../core/base64";

/**
 * Node's decoder skips characters outside the alphabet and stops at "=" (checked in
 * test/unit/cli/native.test.ts): it never writes bytes for junk, which is the contract the core relies on.
 */
export const nodeBase64Decode: NativeBase64Decode = (text, start, end, out, offset) => {
  const source = Buffer.from(text.buffer, text.byteOffset, text.length);
  const target = Buffer.from(out.buffer, out.byteOffset, out.length);
  return target.write(source.toString("latin1", start, end), offset, "base64");
};

export function installNodeNatives(): void {
  installNativeBase64(nodeBase64Decode);
}
