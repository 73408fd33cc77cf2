/**
 * One opening job: every layer of a received message through the core (decrypt, verify), then the MIME work
 * (parse, decode the attachments, pick the body): the same function in the Web Worker and, for small messages or
 * where there is no Worker, on the main thread. A 30 MB message keeps the thread that opens it busy for a second
 * or more (the MIME work included: base64 of the attachments): in the worker, the pane's progress bar and buttons
 * stay alive meanwhile. Everything in a job and its result is plain data (structured-clone safe): the report as
 * structured data, the decoded parts as byte arrays whose buffers the worker transfers back (opening.ts).
 */
import { wipe } from "../../core/bytes";
import { parseMime } from "../../core/mime";
import { openMessage, type OpenReport } from "../../core/smime";
import { buildDisplay, type AttachmentView } from "../read/content";
import type { OpenJob, OpenJobResult, OpenStage, PlainAttachment, PlainDisplay } from "./opening";

function plainAttachments(attachments: AttachmentView[]): PlainAttachment[] {
  return attachments.map((a) => ({ name: a.name, mediaType: a.mediaType, size: a.size, content: a.bytes() }));
}

/**
 * `ownKeys`: the job's keys are this side's own copies (transferred to the worker), wiped when done; the main
 * thread's are the pane's and stay.
 */
export async function runOpenJob(job: OpenJob, onStage: (stage: OpenStage) => void, ownKeys = false): Promise<OpenJobResult> {
  let report: OpenReport;
  try {
    report = await openMessage(job.bytes, {
      ...(job.config ? { config: job.config } : {}),
      keys: job.keys,
      anchors: job.anchors,
      pinned: job.pinned,
      ...(job.addresses !== undefined ? { addresses: job.addresses } : {}),
      onStage: (s) => {
        if (s === "decrypt" || s === "verify") onStage(s);
      },
    });
  } finally {
    if (ownKeys) for (const k of job.keys) wipe(k.privateKey);
  }
  onStage("prepare");
  // On the main thread: let the progress indicator paint before the (synchronous) MIME work.
  await new Promise((r) => setTimeout(r, 0));
  if (!report.contentIsMime) {
    const content = report.content;
    const display: PlainDisplay = { body: { kind: "none" }, attachments: [{ name: "content.bin", mediaType: "application/octet-stream", size: content.length, content }], nested: [], inlineImages: new Map() };
    return { report, display, bareContent: true };
  }
  const display = buildDisplay(parseMime(report.content));
  return { report, display: { ...display, attachments: plainAttachments(display.attachments) }, bareContent: false };
}
