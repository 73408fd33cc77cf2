/**
 * The simulated Microsoft Graph (scripts/graph-sim.mjs) over real HTTP, as the dev server and the browser
 * tests serve it: tokens it issued only, Graph's error bodies, the 4 MB limit, Exchange's item classes,
 * Bcc removed from recipients' copies, Sent Items, and sessions that do not see each other.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createGraphSimulator, itemClassOf, simulatorPolicy, SIM_CLIENT_ID } from "../../../scripts/graph-sim.mjs";

let server: Server;
let origin: string;

beforeAll(async () => {
  const sim = createGraphSimulator();
  server = createServer((req, res) => {
    if (!sim.handle(req, res, origin)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  origin = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const SESSION_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const SESSION_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

async function token(session: string, over: Record<string, unknown> = {}): Promise<string> {
  const r = await fetch(`${origin}/graph/_sim/sessions/${session}/token`, { method: "POST", body: JSON.stringify({ scope: "Mail.Send", user: "alice@clinic.example", audience: origin, clientId: SIM_CLIENT_ID, ...over }) });
  return ((await r.json()) as { access_token: string }).access_token;
}

function send(body: string, bearer: string | undefined, contentType = "text/plain") {
  return fetch(`${origin}/graph/v1.0/me/sendMail`, { method: "POST", headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), "Content-Type": contentType }, body });
}

const MESSAGE = [
  "From: Dr. Alice <alice@clinic.example>",
  "To: Bob <bob@lab.example>, carol@ward.example",
  "Bcc: boss@clinic.example",
  "Subject: [...]",
  "MIME-Version: 1.0",
  'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
  "Content-Transfer-Encoding: base64",
  "",
  "MIAGCSqGSIb3DQEHA6CAMIACAQA=",
  "",
].join("\r\n");
const b64 = (s: string) => Buffer.from(s, "latin1").toString("base64");

/** JSON parsed in this realm (Response.json() makes Node-realm objects: the Jest realm trap). */
async function getJson(url: string): Promise<unknown> {
  return JSON.parse(await (await fetch(url)).text());
}

async function errorCode(r: Response): Promise<string> {
  return ((await r.json()) as { error: { code: string } }).error.code;
}

test("202 and delivery as Exchange files it: IPM.Note.SMIME, recipients' copies without Bcc, the sender's copy in Sent Items", async () => {
  const r = await send(b64(MESSAGE).replace(/.{76}/g, "$&\n"), await token(SESSION_A));
  assert.equal(r.status, 202);
  assert.equal(await r.text(), "");
  const sent = (await getJson(`${origin}/graph/_sim/sessions/${SESSION_A}/sent`)) as { recipients: string[]; itemClass: string; mime: string }[];
  assert.deepEqual(sent.map((m) => [m.recipients, m.itemClass, m.mime === MESSAGE]), [[["bob@lab.example", "carol@ward.example", "boss@clinic.example"], "IPM.Note.SMIME", true]]);
  const bob = (await getJson(`${origin}/graph/_sim/sessions/${SESSION_A}/mailbox?address=BOB@lab.example`)) as { folder: string; mime: string }[];
  assert.equal(bob[0].folder, "Inbox");
  assert.doesNotMatch(bob[0].mime, /Bcc|boss@/);
  const alice = (await getJson(`${origin}/graph/_sim/sessions/${SESSION_A}/mailbox?address=alice@clinic.example`)) as { folder: string }[];
  assert.deepEqual(alice.map((i) => i.folder), ["Sent Items"]);
  // Another session sees none of it.
  assert.deepEqual(await getJson(`${origin}/graph/_sim/sessions/${SESSION_B}/sent`), []);
});

test("Graph's refusals: tokens, scope, sender, size, base64, recipients", async () => {
  const good = await token(SESSION_B);
  assert.equal((await send(b64(MESSAGE), undefined)).status, 401);
  const forged = good.slice(0, -4) + "AAAA";
  assert.equal(await errorCode(await send(b64(MESSAGE), forged)), "InvalidAuthenticationToken");
  assert.equal((await send(b64(MESSAGE), await token(SESSION_B, { audience: "https://graph.microsoft.com" }))).status, 401);
  assert.equal(await errorCode(await send(b64(MESSAGE), await token(SESSION_B, { lifetimeSeconds: -10 }))), "InvalidAuthenticationToken");
  const noScope = await send(b64(MESSAGE), await token(SESSION_B, { scope: "User.Read" }));
  assert.deepEqual([noScope.status, await errorCode(noScope)], [403, "ErrorAccessDenied"]);
  const otherUser = await send(b64(MESSAGE), await token(SESSION_B, { user: "mallory@clinic.example" }));
  assert.deepEqual([otherUser.status, await errorCode(otherUser)], [403, "ErrorSendAsDenied"]);
  const big = await send("A".repeat(4 * 1024 * 1024 + 4), good);
  assert.equal(big.status, 413);
  const bad = await send("not base64!", good);
  const badBody = JSON.parse(await bad.text()) as { error: { code: string; message: string } };
  assert.deepEqual([bad.status, badBody.error.code, badBody.error.message], [400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content."]);
  const noRecipients = await send(b64(MESSAGE.replace(/^(To|Bcc):.*\r\n/gm, "")), good);
  assert.deepEqual([noRecipients.status, await errorCode(noRecipients)], [400, "ErrorInvalidRecipients"]);
  assert.equal((await send(b64(MESSAGE), good, "application/json")).status, 415);
  assert.deepEqual(await getJson(`${origin}/graph/_sim/sessions/${SESSION_B}/sent`), []);
});

test("injected faults are one-shot and per session", async () => {
  const t = await token(SESSION_B);
  await fetch(`${origin}/graph/_sim/sessions/${SESSION_B}/fail`, { method: "POST", body: JSON.stringify({ fault: "429" }) });
  const throttled = await send(b64(MESSAGE), t);
  assert.deepEqual([throttled.status, throttled.headers.get("retry-after"), await errorCode(throttled)], [429, "0.5", "ApplicationThrottled"]);
  assert.equal((await send(b64(MESSAGE), t)).status, 202);
  assert.equal((await fetch(`${origin}/graph/_sim/sessions/${SESSION_B}/fail`, { method: "POST", body: JSON.stringify({ fault: "418" }) })).status, 400);
});

test("item classes and the simulator's policy overlay", () => {
  assert.equal(itemClassOf('application/x-pkcs7-mime; smime-type=signed-data'), "IPM.Note.SMIME");
  assert.equal(itemClassOf('application/octet-stream; name="smime.p7m"'), "IPM.Note.SMIME");
  assert.equal(itemClassOf('multipart/signed; protocol="application/pkcs7-signature"'), "IPM.Note.SMIME.MultipartSigned");
  assert.equal(itemClassOf("multipart/mixed; boundary=x"), "IPM.Note");
  assert.deepEqual(JSON.parse(simulatorPolicy('{"sendGuard":"warn"}', "http://h:1")), { sendGuard: "warn", graph: { clientId: SIM_CLIENT_ID, endpoint: "http://h:1/graph" } });
  assert.deepEqual(JSON.parse(simulatorPolicy('{"graph":null}', "http://h:1")), {});
  assert.equal(simulatorPolicy("not json", "http://h:1"), "not json");
});
