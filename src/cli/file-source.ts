/**
 * A message file as a ByteSource (src/core/byte-source.ts): read in chunks when it is scanned, in small pieces
 * when a part is asked for, so `spm verify` of a 25 MB signed message does not hold the 25 MB. Standard input
 * and anything that is not a regular file are read whole, as before (a pipe cannot be read twice).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { inputChanged, type ByteSource } from "../core/byte-source";
import { SpmError } from "../core/errors";
import { readInput, unreadable } from "./io";

export interface MessageInput {
  input: Uint8Array | ByteSource;
  /** INVALID_ARGUMENT when the file was changed (size, modification or change time) since it was opened. */
  checkUnchanged(): void;
  close(): void;
}

const held = (input: Uint8Array): MessageInput => ({ input, checkUnchanged: () => undefined, close: () => undefined });

export function openMessageInput(path: string): MessageInput {
  if (path === "-") return held(readInput(path));
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw unreadable(path, e);
  }
  const stat = fstatSync(fd, { bigint: true });
  if (!stat.isFile()) {
    closeSync(fd);
    return held(readInput(path));
  }
  const length = Number(stat.size);
  const stamp = (s: typeof stat) => `${s.size}/${s.mtimeNs}/${s.ctimeNs}`;
  const readInto = (start: number, into: Uint8Array): number => {
    const wanted = Math.max(0, Math.min(into.length, length - start));
    let filled = 0;
    while (filled < wanted) {
      let n: number;
      try {
        n = readSync(fd, into, filled, wanted - filled, start + filled);
      } catch (e) {
        throw unreadable(path, e);
      }
      if (n === 0) break; // the file shrank: the caller sees fewer bytes than it asked for
      filled += n;
    }
    return filled;
  };
  const source: ByteSource = {
    length,
    readInto,
    bytes: (start, end) => {
      const out = new Uint8Array(Math.max(0, Math.min(end, length) - start));
      if (readInto(start, out) !== out.length) throw inputChanged();
      return out;
    },
  };
  return {
    input: source,
    checkUnchanged: () => {
      if (stamp(fstatSync(fd, { bigint: true })) !== stamp(stat)) throw new SpmError("INVALID_ARGUMENT", `${path} changed while it was read`);
    },
    close: () => closeSync(fd),
  };
}
