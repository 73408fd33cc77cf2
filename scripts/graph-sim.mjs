// The simulated Microsoft Graph (development and tests only): POST /graph/v1.0/me/sendMail as Exchange Online
// answers it (graph-naa.md §1), plus the simulator's own routes under /graph/_sim/ (token issuing for the fake
// NAA, failure injection, and the mailboxes the messages were delivered to).
//
// State is kept per simulator session (a random id the simulator page picks and that travels inside every
// token), so tests sharing one server never see each other's mail.
//
// sendMail, like Graph:
// - 401 InvalidAuthenticationToken for a missing, forged, expired token or one for another audience;
// - 403 ErrorAccessDenied without the Mail.Send scope, ErrorSendAsDenied when From is not the token's user;
// - 413 over 4 MB of request body (Graph documents the S/MIME limit and the status, not the JSON code);
// - 400 ErrorMimeContentInvalidBase64String (Graph's exact body) when the body is not base64;
// - 400 ErrorInvalidRecipients without To/Cc/Bcc; 400 ErrorMimeContentInvalid without From or header section;
// - 202 with an empty body otherwise. Delivery as Exchange files it (MS-OXOSMIME): application/pkcs7-mime (or
//   x-pkcs7-mime, or octet-stream named .p7m) -> IPM.Note.SMIME; multipart/signed ->
//   IPM.Note.SMIME.MultipartSigned; anything else -> IPM.Note. Recipients' copies lose the Bcc field; the
//   sender's copy goes to Sent Items.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The client ID the simulator's tenant has registered (same value in src/simulator/naa.ts). */
export const SIM_CLIENT_ID = "5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
export const GRAPH_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Beyond this we stop reading (and answer 413): a test server must not buffer unbounded bodies. */
const READ_CAP_BYTES = 40 * 1024 * 1024;
const SESSION_ID = /^[A-Za-z0-9-]{16,64}$/;
const FAULTS = new Set(["401", "403", "413", "429", "429-long", "503", "500", "200", "invalid-base64", "network-before", "network-after"]);

const ERRORS = {
  invalidToken: { code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience." },
  expiredToken: { code: "InvalidAuthenticationToken", message: "Access token has expired or is not yet valid." },
  accessDenied: { code: "ErrorAccessDenied", message: "Access is denied. Check credentials and try again." },
  sendAsDenied: { code: "ErrorSendAsDenied", message: "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account." },
  tooLarge: { code: "RequestEntityTooLarge", message: "The request size exceeds the maximum limit." },
  base64: { code: "ErrorMimeContentInvalidBase64String", message: "Invalid base64 string for MIME content." },
  recipients: { code: "ErrorInvalidRecipients", message: "At least one recipient is not valid., A message can't be sent because it contains no recipients." },
  mime: { code: "ErrorMimeContentInvalid", message: "MIME content does not contain all required information, malformed formatting, or empty." },
  throttled: { code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." },
  unavailable: { code: "serviceNotAvailable", message: "The service is temporarily unavailable. Please retry after some time." },
  internal: { code: "generalException", message: "An unspecified error has occurred." },
};

function b64url(buf) {
  return Buffer.from(buf).toString("base64url");
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store", ...headers });
  res.end(text);
}

function graphError(res, status, error, headers = {}) {
  sendJson(res, status, { error: { ...error, innerError: { date: new Date().toISOString(), "request-id": randomBytes(16).toString("hex") } } }, headers);
}

/** Read the body up to `cap` bytes; resolves { bytes, over } (over: more was sent than the cap). */
function readBody(req, cap) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on("data", (c) => {
      size += c.length;
      if (size > cap) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve({ bytes: Buffer.concat(chunks), over, size }));
    req.on("error", reject);
  });
}

/** Header section of a message: unfolded fields (name lowercased -> values). Null without a blank line. */
export function parseHeaderSection(text) {
  const end = text.search(/\r?\n\r?\n/);
  if (end < 0) return null;
  const fields = new Map();
  for (const line of text.slice(0, end).replace(/\r?\n[ \t]/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { fields, bodyStart: end };
}

/** Addresses (lowercased addr-specs) in address-list fields. */
export function addresses(values = []) {
  const out = [];
  for (const v of values) {
    const cleaned = v.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const m of cleaned.matchAll(/<([^<>\s]+@[^<>\s]+)>|([^\s,<>"]+@[^\s,<>"]+)/g)) out.push((m[1] ?? m[2]).toLowerCase());
  }
  return out;
}

/** The Exchange item class for a message's top-level Content-Type (MS-OXOSMIME). */
export function itemClassOf(contentType = "") {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/pkcs7-mime" || type === "application/x-pkcs7-mime") return "IPM.Note.SMIME";
  if (type === "application/octet-stream" && /name="?[^";]*\.p7m"?/i.test(contentType)) return "IPM.Note.SMIME";
  if (type === "multipart/signed") return "IPM.Note.SMIME.MultipartSigned";
  return "IPM.Note";
}

/** The recipients' copy: Exchange does not pass the Bcc field on. */
function withoutBcc(text) {
  return text.replace(/^Bcc:.*(?:\r?\n[ \t].*)*\r?\n/gim, "");
}

export function createGraphSimulator() {
  const secret = randomBytes(32);
  const sessions = new Map();

  function session(id) {
    let s = sessions.get(id);
    if (!s) {
      s = { sent: [], mailboxes: new Map(), faults: [], networkDownUntil: 0 };
      sessions.set(id, s);
    }
    return s;
  }

  // Tokens look like JWTs (header.payload.signature, HMAC-SHA256 with this server's secret): MSAL and our
  // code treat access tokens as opaque, and nothing but this server can make one it accepts.
  function mint(payload) {
    const signed = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
    return `${signed}.${b64url(createHmac("sha256", secret).update(signed).digest())}`;
  }

  function verify(token) {
    const [header, body, mac] = String(token).split(".");
    if (!header || !body || !mac) return null;
    const want = createHmac("sha256", secret).update(`${header}.${body}`).digest();
    const got = Buffer.from(mac, "base64url");
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    try {
      return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      return null;
    }
  }

  function deliver(s, text, sender) {
    const head = parseHeaderSection(text);
    const contentType = head.fields.get("content-type")?.[0] ?? "text/plain";
    const itemClass = itemClassOf(contentType);
    const recipients = [...new Set(addresses([...(head.fields.get("to") ?? []), ...(head.fields.get("cc") ?? []), ...(head.fields.get("bcc") ?? [])]))];
    s.sent.push({ recipients, itemClass, mime: text, from: sender });
    const copy = withoutBcc(text);
    for (const r of recipients) {
      const box = s.mailboxes.get(r) ?? [];
      box.push({ folder: "Inbox", itemClass, mime: copy });
      s.mailboxes.set(r, box);
    }
    const own = s.mailboxes.get(sender) ?? [];
    own.push({ folder: "Sent Items", itemClass, mime: text });
    s.mailboxes.set(sender, own);
  }

  async function sendMail(req, res, origin) {
    const auth = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "");
    const claims = auth ? verify(auth[1]) : null;
    if (!claims || claims.aud !== origin || !SESSION_ID.test(String(claims.sid))) return graphError(res, 401, ERRORS.invalidToken, { "WWW-Authenticate": 'Bearer realm=""' });
    if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return graphError(res, 401, ERRORS.expiredToken);
    if (!String(claims.scp ?? "").split(" ").includes("Mail.Send")) return graphError(res, 403, ERRORS.accessDenied);
    const s = session(claims.sid);
    // A broken network stays broken for a moment: browsers transparently retry a request whose reused
    // connection died, and that retry must fail too (as it would on a real outage).
    if (Date.now() < s.networkDownUntil) return req.socket.destroy();
    const fault = s.faults.shift();
    if (fault === "network-before" || fault === "network-after") s.networkDownUntil = Date.now() + 3000;
    if (fault === "network-before") return req.socket.destroy();
    const { bytes, over, size } = await readBody(req, READ_CAP_BYTES);
    if (fault && fault !== "network-after" && fault !== "invalid-base64") return injected(res, fault);
    if (over || size > GRAPH_MAX_BODY_BYTES) return graphError(res, 413, ERRORS.tooLarge);
    if (!/^text\/plain\b/i.test(req.headers["content-type"] ?? "")) return graphError(res, 415, { code: "UnsupportedMediaType", message: "Use text/plain for MIME content." });
    const b64 = bytes.toString("latin1").replace(/\r?\n/g, "");
    if (fault === "invalid-base64" || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0 || b64.length === 0) return graphError(res, 400, ERRORS.base64);
    const text = Buffer.from(b64, "base64").toString("latin1");
    const head = parseHeaderSection(text);
    if (!head || !head.fields.has("from")) return graphError(res, 400, ERRORS.mime);
    const sender = addresses(head.fields.get("from"))[0];
    if (sender !== String(claims.upn).toLowerCase()) return graphError(res, 403, ERRORS.sendAsDenied);
    if (addresses([...(head.fields.get("to") ?? []), ...(head.fields.get("cc") ?? []), ...(head.fields.get("bcc") ?? [])]).length === 0) return graphError(res, 400, ERRORS.recipients);
    deliver(s, text, sender);
    // Accepted and delivered, but the answer never arrives: the sender cannot know (unknown outcome).
    if (fault === "network-after") return req.socket.destroy();
    res.writeHead(202, { "Content-Length": 0, "Cache-Control": "no-store" }).end();
  }

  function injected(res, fault) {
    switch (fault) {
      case "401":
        return graphError(res, 401, ERRORS.expiredToken);
      case "403":
        return graphError(res, 403, ERRORS.accessDenied);
      case "413":
        return graphError(res, 413, ERRORS.tooLarge);
      case "429":
        return graphError(res, 429, ERRORS.throttled, { "Retry-After": "0.5" });
      case "429-long":
        return graphError(res, 429, ERRORS.throttled, { "Retry-After": "600" });
      case "503":
        return graphError(res, 503, ERRORS.unavailable, { "Retry-After": "0.5" });
      case "200":
        return res.writeHead(200, { "Content-Length": 0 }).end();
      default:
        return graphError(res, 500, ERRORS.internal);
    }
  }

  async function simRoute(req, res, rest) {
    const m = /^sessions\/([^/]+)\/(token|fail|sent|mailbox)$/.exec(rest);
    if (!m || !SESSION_ID.test(m[1])) return sendJson(res, 404, { error: "no such simulator route" });
    const s = session(m[1]);
    if (m[2] === "sent" && req.method === "GET") return sendJson(res, 200, s.sent.map(({ recipients, itemClass, mime }) => ({ recipients, itemClass, mime })));
    if (m[2] === "mailbox" && req.method === "GET") {
      const address = new URL(req.url, "http://x").searchParams.get("address")?.toLowerCase() ?? "";
      return sendJson(res, 200, s.mailboxes.get(address) ?? []);
    }
    if (req.method !== "POST") return sendJson(res, 405, { error: "method" });
    const { bytes } = await readBody(req, 64 * 1024);
    let body;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      return sendJson(res, 400, { error: "JSON body expected" });
    }
    if (m[2] === "fail") {
      if (!FAULTS.has(body.fault)) return sendJson(res, 400, { error: `unknown fault; known: ${[...FAULTS].join(", ")}` });
      s.faults.push(body.fault);
      return sendJson(res, 200, { queued: s.faults.length });
    }
    // token: what Entra would issue to the fake NAA (it decided consent and client ID already).
    const { scope, user, audience, clientId, lifetimeSeconds } = body;
    if (typeof scope !== "string" || typeof user !== "string" || typeof audience !== "string") return sendJson(res, 400, { error: "scope, user, audience" });
    const exp = Math.floor(Date.now() / 1000) + (Number.isFinite(lifetimeSeconds) ? lifetimeSeconds : 3600);
    return sendJson(res, 200, { access_token: mint({ sid: m[1], aud: audience, scp: scope, upn: user, appid: clientId, exp }), expires_in: exp - Math.floor(Date.now() / 1000) });
  }

  /** Handle /graph/...; returns false for other paths. `origin`: this server's origin as the browser sees it. */
  function handle(req, res, origin) {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (!path.startsWith("/graph/")) return false;
    const run = async () => {
      if (path === "/graph/v1.0/me/sendMail") {
        if (req.method !== "POST") return graphError(res, 405, { code: "Request_BadRequest", message: "Use POST." });
        return sendMail(req, res, origin);
      }
      if (path.startsWith("/graph/_sim/")) return simRoute(req, res, path.slice("/graph/_sim/".length));
      return graphError(res, 404, { code: "ResourceNotFound", message: "Resource not found for the segment." });
    };
    run().catch((e) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(e?.message ?? e) });
    });
    return true;
  }

  return { handle };
}

/**
 * The policy a simulated pane gets: the served config/policy.json plus the simulator's app registration and
 * Graph endpoint, unless the file configures Graph itself (a test that wants "not configured" serves
 * `"graph": null`, which is removed here). Unparsable files pass unchanged (the pane reports them).
 */
export function simulatorPolicy(text, origin) {
  let policy;
  try {
    policy = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) return text;
  if (policy.graph === null) delete policy.graph;
  else if (policy.graph === undefined) policy.graph = { clientId: SIM_CLIENT_ID, endpoint: `${origin}/graph` };
  return JSON.stringify(policy, null, 2);
}

/** Is this request from a pane the simulator opened (its URL, or its page's URL, carries `_sim`)? */
export function fromSimulatedPage(req) {
  try {
    if (new URL(req.url ?? "/", "http://x").searchParams.has("_sim")) return true;
    const referer = req.headers.referer;
    return typeof referer === "string" && new URL(referer).searchParams.has("_sim");
  } catch {
    return false;
  }
}
