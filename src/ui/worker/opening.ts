/**
 * What an opening job gives back, as plain data that crosses the worker boundary (structured clone with the
 * buffers transferred), and its form for the panes. Types and small helpers only: the main thread imports this
 * without loading the crypto code.
 */
import type { ConfigOverrides } from "../../core/config";
import type { PinnedCertificate } from "../../core/pki";
import type { OpenReport } from "../../core/smime";
import type { KeyPair } from "../../core/types";
import type { DisplayContent } from "../read/content";

export type OpenStage = "decrypt" | "verify" | "prepare";

export interface OpenJob {
  bytes: Uint8Array;
  keys: KeyPair[];
  anchors: Uint8Array[];
  pinned: PinnedCertificate[];
  /** From (+ Sender) as the client shows them; undefined: the message's own headers. */
  addresses?: string[];
  /** Switches and limits over the defaults (plain data: e.g. allowLegacy for one 3DES message the user chose). */
  config?: ConfigOverrides;
}

/** An attachment with its decoded bytes (a function cannot cross the worker boundary). */
export interface PlainAttachment {
  name: string;
  mediaType: string;
  size: number;
  content: Uint8Array;
}

/** DisplayContent as plain data. */
export type PlainDisplay = Omit<DisplayContent, "attachments"> & { attachments: PlainAttachment[] };

export interface OpenJobResult {
  report: OpenReport;
  display: PlainDisplay;
  /** The content was not MIME (bare CMS data): offered as a file. */
  bareContent: boolean;
}

/** An opened message as the panes use it. */
export interface Opening {
  report: OpenReport;
  display: DisplayContent;
  bareContent: boolean;
  inWorker: boolean;
}

/** What the pane shows from a job's result (the views read attachment bytes through a function). */
export function displayOf(plain: PlainDisplay): DisplayContent {
  return { ...plain, attachments: plain.attachments.map(({ content, ...a }) => ({ ...a, bytes: () => content })) };
}

/**
 * The buffers of a result, each once, to transfer instead of copying: the content, the decoded attachments and
 * inline images, the nested parts (views into the content) and the signer's certificate. Only buffers made while
 * opening are in there (message bytes; never key material, which the core keeps in buffers of its own).
 */
export function openedBuffers(result: OpenJobResult): ArrayBuffer[] {
  const views: Uint8Array[] = [result.report.content];
  if (result.report.signerCertificate) views.push(result.report.signerCertificate);
  for (const a of result.display.attachments) views.push(a.content);
  for (const i of result.display.inlineImages.values()) views.push(i.bytes);
  for (const n of result.display.nested) views.push(n.bytes);
  const buffers = new Set<ArrayBuffer>();
  for (const v of views) {
    // Detached or empty buffers cannot (and need not) be transferred; a SharedArrayBuffer is never transferable.
    if (Object.prototype.toString.call(v.buffer) === "[object ArrayBuffer]" && v.buffer.byteLength > 0) buffers.add(v.buffer as ArrayBuffer);
  }
  return [...buffers];
}
