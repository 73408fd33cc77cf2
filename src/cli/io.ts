/** File and stream I/O for the CLI. Errors become typed, one-line messages. */
import { readFileSync, writeFileSync } from "node:fs";
import { SpmError } from "../core/errors";

/** The CLI's one message for a file it cannot read (the system's code, if any, in brackets). */
export function unreadable(label: string, e: unknown): SpmError {
  const code = (e as { code?: string }).code;
  return new SpmError("INVALID_ARGUMENT", `cannot read ${label}${code ? ` (${code})` : ""}`, { cause: e });
}

export function readInput(path: string): Uint8Array {
  try {
    const buffer = path === "-" ? readFileSync(0) : readFileSync(path);
    // Small Buffers may share Node's pool: copy them. A large one has its own ArrayBuffer: use it as it is
    // rather than hold a large message twice (nothing mutates the input).
    return buffer.length < 64 * 1024 ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  } catch (e) {
    throw unreadable(path === "-" ? "standard input" : path, e);
  }
}

export function readTextFile(path: string): string {
  return new TextDecoder().decode(readInput(path));
}

/** A password file holds the password on its first line; the line ending is not part of it. */
export function readPasswordFile(path: string): string {
  const text = readTextFile(path);
  return text.split(/\r?\n/)[0];
}

export function writeOutput(bytes: Uint8Array): void {
  // fd 1 may be a pipe: writeFileSync to fd handles partial writes.
  writeFileSync(1, bytes);
}

export function writeFile(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new SpmError("INVALID_ARGUMENT", `cannot write ${path}`, { cause: e });
  }
}

/** Standard output gathered into writes of about 1 MiB (plaintext arrives in 4 KiB pieces from -stream input). */
export class OutputBuffer {
  private readonly buffer = new Uint8Array(1024 * 1024);
  private used = 0;

  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.flush();
    if (bytes.length >= this.buffer.length) writeOutput(bytes);
    else {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  flush(): void {
    if (this.used > 0) writeOutput(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}
