/** Shared set-up for host unit tests: a SimMailbox plus the fake Office over it, typed as the real Office. */
import { asOfficeGlobal, createFakeOffice } from "../../../src/simulator/fake-office";
import { SimMailbox, type DraftInput, type SimPlatform } from "../../../src/simulator/mailbox-state";

export function fakeOutlook(opts: { platform?: SimPlatform; mode?: "compose" | "read"; draft?: DraftInput; eml?: string; requirementSets?: string[] } = {}) {
  const backend = new SimMailbox();
  backend.latencyMs = [1, 3];
  backend.uploadMsPerMb = 1;
  if (opts.platform) backend.setPlatform(opts.platform);
  if (opts.requirementSets) backend.requirementSets = opts.requirementSets;
  if (opts.draft) backend.loadDraft(opts.draft);
  if (opts.eml !== undefined) backend.loadMessage(opts.eml);
  const office = asOfficeGlobal(createFakeOffice(backend, { mode: opts.mode ?? (opts.eml !== undefined ? "read" : "compose") }));
  return { backend, office };
}

export const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

export const sampleDraft: DraftInput = {
  from: { displayName: "Dr. Alice", emailAddress: "alice@clinic.example" },
  to: ["Bob <bob@lab.example>", { displayName: "Carol", emailAddress: "carol@lab.example" }],
  cc: ["dave@lab.example"],
  bcc: [],
  subject: "Results for patient 4711",
  bodyHtml: "<html><body><p>Dear Bob, see attached.</p></body></html>",
  attachments: [
    { name: "results.pdf", contentBase64: b64("%PDF-1.4 fake pdf bytes"), isInline: false },
    { name: "scan.png", contentBase64: b64("\x89PNG fake"), isInline: false },
  ],
};
