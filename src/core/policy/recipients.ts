/** The domain part of an address, lower case, or "" when there is none. */
function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).trim().toLowerCase().replace(/\.$/, "");
}

/** Is `domain` one of `internalDomains` or a subdomain of one? */
function isInternalDomain(domain: string, internalDomains: readonly string[]): boolean {
  if (!domain) return false;
  return internalDomains.some((d) => domain === d || domain.endsWith("." + d));
}

/**
 * True when any recipient is outside the internal domains. With no internal domains configured
 * every recipient counts as external (fail safe: we cannot tell, so we treat the mail as leaving).
 */
export function isExternal(recipients: readonly string[], internalDomains: readonly string[]): boolean {
  return recipients.some((r) => !isInternalDomain(domainOf(r), internalDomains));
}
