// Point the manifest at the origin that hosts the add-in (production build, webpack.config.js).
// Every URL in manifest.xml starts with the development origin; all of them move, the paths stay.
import { javascriptRuntimeUrls } from "./manifest-rules.mjs";

/** Replace every occurrence of `from` (e.g. https://localhost:3000) with `to`; refuse to leave one behind. */
export function rewriteManifestOrigin(xml, from, to) {
  if (!/^https:\/\//.test(to)) throw new Error(`the add-in origin must be https, got: ${to}`);
  const out = xml.split(from).join(to);
  if (/https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(out)) {
    throw new Error("manifest.xml still points at localhost after the origin rewrite");
  }
  return out;
}

/**
 * /.well-known/microsoft-officeaddins-allowed.json for a manifest: {"allowed": [...]} with the JavaScript file
 * of every <Runtime><Override type="javascript">. Classic Outlook on Windows runs the event handlers from that
 * file and allows it CORS requests and SSO only when the origin lists it there
 * (learn.microsoft.com/office/dev/add-ins/develop/use-sso-in-event-based-activation).
 */
export function officeAddinsAllowed(manifestXml) {
  return `${JSON.stringify({ allowed: javascriptRuntimeUrls(manifestXml) }, null, 2)}\n`;
}
