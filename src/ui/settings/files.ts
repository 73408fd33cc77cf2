/** Reading picked files and offering files to save (Blob + download link), for the settings pane. */
import { SpmError } from "../../core/errors";

/** Certificate and PKCS#12 files are small; anything larger is not what the user meant to pick. */
export const MAX_PICKED_FILE_BYTES = 10 * 1024 * 1024;

export async function readPickedFile(file: File): Promise<Uint8Array> {
  if (file.size > MAX_PICKED_FILE_BYTES) throw new SpmError("LIMIT_EXCEEDED", "The file is too large", { details: { limit: "maxPickedFileBytes", size: file.size, max: MAX_PICKED_FILE_BYTES } });
  return new Uint8Array(await file.arrayBuffer());
}

export function downloadFile(name: string, data: Uint8Array | string, mimeType: string): void {
  const blob = new Blob([typeof data === "string" ? data : (data.slice())], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: the download reads the blob asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from an e-mail address: letters, digits, dot, dash, underscore and @ only. */
export function safeFileStem(email: string): string {
  return email.replace(/[^A-Za-z0-9@._-]/g, "_").slice(0, 80) || "identity";
}
