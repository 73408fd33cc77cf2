/**
 * The status the pane's chrome shows for an opened message: one headline, one plain sentence (the core's
 * statusText plus the findings that matter), the signer against the From shown, and a colour.
 * Pure: no DOM, no React.
 */
import type { Finding, SignatureStatus } from "../../core/pki";
import { TRUSTED_STATUSES, finding, findingSentence, statusText } from "../../core/findings";
import { normalizeAddress, sameAddress } from "../../core/mime";
import type { OpenReport } from "../../core/smime";
import type { Language } from "../../core/types";
import type { ProtectedHeaders } from "./content";
import { format } from "../shared";
import { strings, type ReadStringKey } from "./strings";

export type StatusIntent = "success" | "warning" | "error" | "info";

export interface StatusView {
  intent: StatusIntent;
  title: string;
  /** The one plain sentence: the signature status sentence, then the protection facts. */
  sentence: string;
  /** Further findings (errors and warnings first), each one sentence. */
  details: string[];
  signer?: { email: string; signingTime?: string; matchesFrom: boolean };
  fromShown: string;
  signature: SignatureStatus;
  encrypted: boolean;
  /** Collecting the signer's certificate into the address book is allowed (a trusted, intact signature). */
  collectable: boolean;
  /** Trusted only because the user pinned this certificate for this address (not by an authority). */
  pinned: boolean;
  /**
   * A signature outside the encryption (issue 13, weakness 1): it signs the ciphertext only, so it is shown
   * apart, never as the signer of the text.
   */
  outerSignature?: { signer: string; sentence: string };
  /**
   * The user may pin the signer's certificate: the signature itself is intact, only the path to an anchor is
   * missing (untrusted, self-signed), and the certificate names the From shown.
   */
  pinnable: boolean;
}

const ERROR_STATUSES = new Set<SignatureStatus>(["invalid", "malformed", "revoked", "signer-mismatch", "bad-key-usage", "weak-algorithm"]);

/**
 * Core warnings that keep the bar from green even when the signature is valid: protected header fields that
 * differ, a signature over the ciphertext only, a Date far from the signing time (an old signed message sent
 * again), and content opened with the legacy 3DES switch.
 */
const CHROME_WARNINGS = new Set<Finding["code"]>(["protected-header-mismatch", "outer-signature-only", "signing-time-date-mismatch", "legacy-cipher"]);

const SEVERITY_ORDER: Record<Finding["severity"], number> = { error: 0, warning: 1, info: 2 };

function t(language: Language, key: ReadStringKey, vars?: Record<string, string | number>): string {
  return format(strings[language][key], vars);
}

/** Protected (inner) From that differs from the From Outlook shows: a warning the user must see. */
export function protectedHeaderFindings(headers: ProtectedHeaders | undefined, fromShown: string | undefined): Finding[] {
  if (!headers || headers.from.length === 0) return [];
  if (headers.from.length === 1 && sameAddress(headers.from[0], fromShown)) return [];
  const outer = fromShown ? (normalizeAddress(fromShown) ?? fromShown) : "";
  return [finding("protected-from-mismatch", { inner: [...headers.from], outer: outer ? [outer] : [] })];
}

export function describeStatus(report: OpenReport, fromShown: string | undefined, language: Language, extraFindings: Finding[] = []): StatusView {
  const status = report.signature;
  const encrypted = report.encryption !== "none";
  const signed = status !== "unsigned";
  const noIntegrity = encrypted && report.integrity === "none";
  const extraWarning = extraFindings.some((f) => f.severity !== "info");

  // Green needs the signer to be the sender Outlook shows. The core may have bound the signature to the
  // message's own From header (whole .eml), which is not necessarily what Outlook displays (issue 13).
  const signerIsShownSender = !!fromShown && (report.signer?.emails ?? []).some((e) => sameAddress(e, fromShown)) && status !== "signer-mismatch";
  const notTheSender = signed && TRUSTED_STATUSES.has(status) && !!fromShown && !signerIsShownSender;
  const noSender = signed && TRUSTED_STATUSES.has(status) && !fromShown;

  // Protected header fields that differ from the outside ones, and a signature over the ciphertext only, are
  // facts the user must see next to the status, never under a green bar.
  const coreWarning = report.findings.some((f) => CHROME_WARNINGS.has(f.code));

  let intent: StatusIntent;
  if (ERROR_STATUSES.has(status) || notTheSender) intent = "error";
  else if (TRUSTED_STATUSES.has(status)) intent = noIntegrity || extraWarning || noSender || coreWarning ? "warning" : "success";
  else if (status === "unsigned") intent = noIntegrity || !encrypted || extraWarning || coreWarning ? "warning" : "info";
  else intent = "warning";

  // The core reports a pinned signer as "valid" with a "pinned" finding: say it is the user's own decision.
  const pinned = TRUSTED_STATUSES.has(status) && report.findings.some((f) => f.status === "pinned");

  let title: string;
  if (ERROR_STATUSES.has(status) || status === "malformed") title = t(language, "titleNotValid");
  else if (notTheSender) title = t(language, "titleSignerNotSender");
  else if (pinned) title = t(language, encrypted ? "titleSignedEncryptedPinned" : "titleSignedPinned");
  else if (signed && !TRUSTED_STATUSES.has(status)) title = t(language, "titleNotTrusted");
  else if (signed) title = t(language, encrypted ? "titleSignedEncrypted" : "titleSigned");
  else if (noIntegrity) title = t(language, "titleEncryptedNoIntegrity");
  else title = t(language, encrypted ? "titleEncryptedUnsigned" : "titleUnsigned");

  const protection = [
    encrypted ? t(language, "encryptedWith", { cipher: report.encryption.toUpperCase() }) : t(language, "notEncrypted"),
    report.integrity === "signature"
      ? t(language, "integritySignature")
      : report.integrity === "authenticated-encryption"
        ? t(language, "integrityAead")
        : encrypted
          ? t(language, "integrityNone")
          : "",
  ].filter(Boolean);
  // The core's "valid" sentence speaks of a trusted authority, which a pin is not.
  const primaryText = pinned ? t(language, "pinnedSentence") : statusText(status)[language];
  const sentence = [primaryText, ...protection].join(" ");

  const seen = new Set<string>([primaryText]);
  const details: string[] = [];
  const signerName = report.signer?.email ?? report.signer?.subject ?? "";
  if (notTheSender) details.push(t(language, "signerNotSender", { from: fromShown ?? "", signer: signerName }));
  if (noSender) details.push(t(language, "noSenderToCompare", { signer: signerName }));
  for (const f of [...report.findings, ...extraFindings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])) {
    // "not-integrity-protected" is already said by the protection sentence.
    if (f.status === "not-integrity-protected") continue;
    const text = findingSentence(f, language);
    if (seen.has(text)) continue;
    seen.add(text);
    details.push(text);
  }

  const view: StatusView = {
    intent,
    title,
    sentence,
    details,
    fromShown: fromShown ?? "",
    signature: status,
    encrypted,
    collectable: TRUSTED_STATUSES.has(status) && signerIsShownSender && !!report.signerCertificate && !!report.signer?.email,
    pinned,
    pinnable: isPinnable(report, fromShown),
  };
  if (report.outerSignature) {
    const outer = report.outerSignature;
    const who = outer.signer?.email ?? outer.signer?.subject ?? t(language, "unknownSigner");
    view.outerSignature = { signer: who, sentence: t(language, "outerSignature", { signer: who }) };
  }
  if (report.signer) {
    view.signer = {
      email: report.signer.email ?? report.signer.subject,
      ...(report.signingTime ? { signingTime: report.signingTime } : {}),
      matchesFrom: signerIsShownSender,
    };
  }
  return view;
}

const PINNABLE_STATUSES = new Set<SignatureStatus>(["untrusted", "self-signed"]);

/** The signature layer that speaks for the content (the one closest to it), as the core reports it. */
function primarySignatureLayer(report: OpenReport): OpenReport["layers"][number] | undefined {
  return [...report.layers].reverse().find((l) => l.signature !== undefined);
}

/**
 * Pinning is offered only where it is the one thing missing: an intact signature (layer outcome "valid"),
 * status untrusted or self-signed, and a signer certificate that carries the From shown.
 */
export function isPinnable(report: OpenReport, fromShown: string | undefined): boolean {
  if (!PINNABLE_STATUSES.has(report.signature) || !report.signerCertificate || !report.signer || !fromShown) return false;
  if (primarySignatureLayer(report)?.outcome !== "valid") return false;
  if (report.addressBinding !== "checked") return false;
  return report.signer.emails.some((e) => sameAddress(e, fromShown));
}
