/**
 * An input file (or standard input) read in pieces, so a large message need not be held whole, or held twice
 * (once as the file's bytes and once decoded). Errors are the CLI's one-line INVALID_ARGUMENT.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { concatByteList } from "../core/bytes";
import { unreadable } from "./io";

export const PIECE = 1024 * 1024;

export class InputFile {
  /** The file's size when it is a regular file (standard input may be a pipe: unknown). */
  readonly size: number | undefined;
  private position = 0;

  private constructor(
    private readonly fd: number,
    private readonly label: string,
    private readonly owned: boolean,
  ) {
    const stat = fstatSync(fd);
    this.size = stat.isFile() ? stat.size : undefined;
  }

  static open(path: string): InputFile {
    const label = path === "-" ? "standard input" : path;
    try {
      return path === "-" ? new InputFile(0, label, false) : new InputFile(openSync(path, "r"), label, true);
    } catch (e) {
      throw unreadable(label, e);
    }
  }

  /** Fill `into` as far as the input goes; returns the bytes read (less than its length only at the end). */
  read(into: Uint8Array): number {
    let filled = 0;
    while (filled < into.length) {
      let n: number;
      try {
        n = readSync(this.fd, into, filled, into.length - filled, this.size === undefined ? null : this.position);
      } catch (e) {
        // A non-blocking pipe on standard input has nothing yet: ask again (readFileSync(0) has the same loop).
        if ((e as { code?: string }).code === "EAGAIN") continue;
        throw unreadable(this.label, e);
      }
      if (n === 0) break;
      filled += n;
      this.position += n;
    }
    return filled;
  }

  /** Move past the first `count` bytes of a regular file. */
  skip(count: number): void {
    this.position += count;
  }

  /** Everything not read yet, appended to `head` (one allocation when the size is known). */
  readRest(head: Uint8Array): Uint8Array {
    if (this.size !== undefined) {
      const all = new Uint8Array(head.length + Math.max(0, this.size - this.position));
      all.set(head);
      const n = this.read(all.subarray(head.length));
      return all.subarray(0, head.length + n);
    }
    const pieces: Uint8Array[] = [head];
    for (;;) {
      const piece = new Uint8Array(PIECE);
      const n = this.read(piece);
      if (n === 0) break;
      pieces.push(piece.subarray(0, n));
      if (n < PIECE) break;
    }
    return concatByteList(pieces);
  }

  close(): void {
    if (this.owned) closeSync(this.fd);
  }
}
