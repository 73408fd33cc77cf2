/**
 * Name constraints (RFC 5280 4.2.1.10) for the name forms S/MIME needs: rfc822Name, dNSName, directoryName.
 * Any other constrained form that appears in a subordinate certificate cannot be processed and is a violation
 * (RFC 5280: "process the constraint or reject the certificate").
 */
import type * as pkijs from "pkijs";
import type { ParsedCert } from "./cert";
import { normalizedName } from "./cert";

/** rfc822Name constraint match: "user@host" exact, "host" exact host, ".domain" any host below it. */
function emailMatches(email: string, constraint: string): boolean {
  const c = constraint.toLowerCase();
  const at = email.lastIndexOf("@");
  if (at < 0) return false;
  const host = email.slice(at + 1);
  if (c.includes("@")) return email === c;
  if (c.startsWith(".")) return host.endsWith(c);
  return host === c;
}

/** dNSName constraint: the name equals the constraint or is below it (label boundary). */
function dnsMatches(name: string, constraint: string): boolean {
  const c = constraint.toLowerCase().replace(/^\./, "");
  if (c === "") return true;
  return name === c || name.endsWith("." + c);
}

/** directoryName: the subtree's attributes are a prefix of the subject's. */
function dnMatches(subject: string[], base: pkijs.RelativeDistinguishedNames): boolean {
  const prefix = normalizedName(base);
  return prefix.length <= subject.length && prefix.every((v, i) => v === subject[i]);
}

interface NamesOf {
  emails: string[];
  dns: string[];
  subject: string[] | undefined;
  otherForms: number[];
}

function namesOf(cert: ParsedCert): NamesOf {
  const subject = normalizedName(cert.cert.subject);
  return {
    emails: [...new Set([...cert.sanEmails, ...cert.subjectEmails])],
    dns: cert.sanDns,
    subject: subject.length > 0 ? subject : undefined,
    otherForms: cert.sanOtherForms,
  };
}

function matches(names: NamesOf, form: number, base: pkijs.GeneralName): boolean[] {
  switch (form) {
    case 1:
      return names.emails.map((e) => emailMatches(e, String(base.value)));
    case 2:
      return names.dns.map((d) => dnsMatches(d, String(base.value)));
    case 4:
      return names.subject ? [dnMatches(names.subject, base.value as pkijs.RelativeDistinguishedNames)] : [];
    default:
      return [];
  }
}

function namesOfForm(names: NamesOf, form: number): number {
  switch (form) {
    case 1: return names.emails.length;
    case 2: return names.dns.length;
    case 4: return names.subject ? 1 : 0;
    default: return names.otherForms.filter((f) => f === form).length;
  }
}

/** Returns a short reason when `cert` violates the constraints, else undefined. */
export function nameConstraintViolation(constraints: pkijs.NameConstraints, cert: ParsedCert): string | undefined {
  const names = namesOf(cert);
  const permitted = constraints.permittedSubtrees ?? [];
  const excluded = constraints.excludedSubtrees ?? [];
  const forms = new Set([...permitted, ...excluded].map((s) => s.base.type));
  for (const form of forms) {
    const count = namesOfForm(names, form);
    if (count === 0) continue;
    if (form !== 1 && form !== 2 && form !== 4) return `a name of form ${form} is constrained but not supported`;
    const allowed = permitted.filter((s) => s.base.type === form);
    if (allowed.length > 0) {
      // Every name of this form must fall inside at least one permitted subtree.
      const ok = Array.from({ length: count }, (_, i) => allowed.some((s) => matches(names, form, s.base)[i]));
      if (!ok.every(Boolean)) return form === 1 ? "an e-mail address is outside the permitted names" : "a name is outside the permitted names";
    }
    for (const s of excluded.filter((x) => x.base.type === form)) {
      if (matches(names, form, s.base).some(Boolean)) return form === 1 ? "an e-mail address is in an excluded name range" : "a name is in an excluded name range";
    }
  }
  return undefined;
}
