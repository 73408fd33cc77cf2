/**
 * Organisation configuration served next to the add-in (config/policy.json, config/anchors.pem).
 * Missing files mean "no organisation settings"; a present but broken file is an error the pane shows.
 */
import { SpmError } from "../../core/errors";
import { loadCertificates } from "../../core/keys";

async function fetchOptional(path: string): Promise<Response | undefined> {
  const response = await fetch(new URL(path, globalThis.location.href), { cache: "no-cache", credentials: "same-origin" });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new SpmError("HOST_ERROR", `Could not load ${path} (HTTP ${response.status})`);
  return response;
}

export async function loadOrganisationPolicy(): Promise<unknown> {
  const response = await fetchOptional("config/policy.json");
  if (!response) return undefined;
  try {
    return await response.json();
  } catch (e) {
    throw new SpmError("MALFORMED", "config/policy.json is not valid JSON", { cause: e });
  }
}

export async function loadOrganisationAnchors(): Promise<Uint8Array[]> {
  const response = await fetchOptional("config/anchors.pem");
  if (!response) return [];
  return loadCertificates(new Uint8Array(await response.arrayBuffer()));
}
