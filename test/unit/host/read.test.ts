import { beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { isSpmError } from "../../../src/core/errors";
import { createReadPort } from "../../../src/host/read";
import { openMessage } from "../../../src/core/smime";
import { loadPki } from "../../helpers/fixtures";
import { fakeOutlook } from "./fake";
import { loadTestMessages, type CommittedMessages } from "./messages";

// Messages made by `openssl cms` (test/fixtures/cms/read, scripts/gen-test-pki.mjs).
let m: CommittedMessages;
beforeAll(() => {
  m = loadTestMessages();
});

test("openssl cms -encrypt is presented as IPM.Note.SMIME with smime.p7m = the CMS DER", async () => {
  const { office } = fakeOutlook({ eml: m.encryptedEml });
  const port = createReadPort(office);
  const info = port.itemInfo();
  assert.equal(info.itemClass, "IPM.Note.SMIME");
  assert.equal(info.subject, "Results");
  assert.equal(info.from?.emailAddress, "alice@clinic.example");
  assert.deepEqual(info.attachments.map((a) => a.name), ["smime.p7m"]);
  // With Mailbox 1.14 the whole original message (its own From header fields included).
  const got = await port.fetchSmimeBytes();
  assert.equal(got?.kind, "eml");
  assert.equal(Buffer.from(got.bytes).toString("latin1"), m.encryptedEml);
  // Without it, the smime.p7m attachment holds exactly the CMS DER.
  const { office: older } = fakeOutlook({ eml: m.encryptedEml, requirementSets: ["1.1", "1.5", "1.8", "1.13"] });
  const fromAttachment = await createReadPort(older).fetchSmimeBytes();
  assert.equal(fromAttachment?.kind, "p7m-attachment");
  assert.deepEqual(fromAttachment?.bytes, m.encryptedDer);
});

test("openssl cms -sign (multipart/signed) is IPM.Note.SMIME.MultipartSigned; getAsFileAsync gives the exact eml", async () => {
  const { office } = fakeOutlook({ eml: m.signedEml });
  const port = createReadPort(office);
  assert.equal(port.itemInfo().itemClass, "IPM.Note.SMIME.MultipartSigned");
  const got = await port.fetchSmimeBytes();
  assert.equal(got?.kind, "eml");
  assert.equal(Buffer.from(got.bytes).toString("latin1"), m.signedEml);
});

test("without Mailbox 1.14 the multipart/signed entity comes from the smime.p7m attachment and still verifies", async () => {
  const { office } = fakeOutlook({ eml: m.signedEml, requirementSets: ["1.1", "1.5", "1.8", "1.13"] });
  const got = await createReadPort(office).fetchSmimeBytes();
  assert.equal(got?.kind, "multipart-signed-attachment");
  const entity = Buffer.from(got.bytes).toString("latin1");
  assert.match(entity, /^Content-Type: multipart\/signed/i);
  // The body (both parts and the boundaries) is byte for byte what `openssl cms -sign` wrote, which OpenSSL
  // verified when the file was made: the signature covers exactly these bytes.
  const opensslBody = m.signedEml.slice(m.signedEml.indexOf("\n\n") + 2);
  assert.ok(entity.endsWith(`\r\n\r\n${opensslBody}`), "the multipart/signed body is not the signed one");
  // ... and the entity as handed over still verifies, for Bob's certificate under the test root.
  const report = await openMessage(got.bytes, { anchors: [loadPki("basic").caCertDer], addresses: null });
  assert.equal(report.signature, "valid", JSON.stringify(report.findings));
  assert.match(Buffer.from(report.content).toString("latin1"), /Patient 4711/);
});

test("our own message is a normal item with the notice body and a smime.p7m attachment", async () => {
  const { office } = fakeOutlook({ eml: m.ownEml });
  const port = createReadPort(office);
  assert.equal(port.itemInfo().itemClass, "IPM.Note");
  const body = await new Promise<Office.AsyncResult<string>>((r) => office.context.mailbox.item!.body.getAsync(office.CoercionType.Html, r));
  assert.equal(body.value, "<p>This message is encrypted.</p>");
  const got = await port.fetchSmimeBytes();
  assert.equal(got?.kind, "p7m-attachment");
  assert.deepEqual(got?.bytes, m.encryptedDer);
});

test("a plain message has no S/MIME bytes", async () => {
  const { office } = fakeOutlook({ eml: "From: a@b.example\r\nSubject: hi\r\nContent-Type: text/plain\r\n\r\nhello\r\n" });
  assert.equal(await createReadPort(office).fetchSmimeBytes(), undefined);
});

test("an attached message (message/rfc822) is an item attachment with Eml content", async () => {
  const inner = "From: x@y.example\r\nSubject: inner\r\n\r\ninner body\r\n";
  const eml = [
    "From: a@b.example",
    "Subject: outer",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain",
    "",
    "see attached",
    "--b1",
    "Content-Type: message/rfc822",
    'Content-Disposition: attachment; filename="inner.eml"',
    "",
    inner,
    "--b1--",
    "",
  ].join("\r\n");
  const { office } = fakeOutlook({ eml });
  const item = office.context.mailbox.item as Office.MessageRead;
  assert.equal(String(item.attachments[0].attachmentType), "item");
  const c = await new Promise<Office.AsyncResult<Office.AttachmentContent>>((r) => item.getAttachmentContentAsync(item.attachments[0].id, r));
  assert.equal(String(c.value.format), "eml");
  assert.match(c.value.content, /Subject: inner/);
});

/** A multipart/signed message whose signed content carries a PDF (the signature part is not checked here). */
const SIGNED_WITH_ATTACHMENT = [
  "From: Alice <alice@clinic.example>",
  "To: Bob <bob@lab.example>",
  "Subject: Befund",
  "Message-ID: <signed-parts@clinic.example>",
  "MIME-Version: 1.0",
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="outer"',
  "",
  "--outer",
  'Content-Type: multipart/mixed; boundary="inner"',
  "",
  "--inner",
  "Content-Type: text/plain",
  "",
  "See the report.",
  "--inner",
  "Content-Type: application/pdf",
  'Content-Disposition: attachment; filename="report.pdf"',
  "Content-Transfer-Encoding: base64",
  "",
  "JVBERi0xLjQK",
  "--inner--",
  "--outer",
  'Content-Type: application/pkcs7-signature; name="smime.p7s"',
  "Content-Transfer-Encoding: base64",
  "",
  "MAA=",
  "--outer--",
  "",
].join("\r\n");

test("classic Outlook lists a signed message's inner parts with empty ids (office-js #2291): whole file with 1.14, else a clear HOST_ERROR", async () => {
  for (const platform of ["PC", "Mac"] as const) {
    const { office } = fakeOutlook({ platform, eml: SIGNED_WITH_ATTACHMENT });
    const port = createReadPort(office);
    assert.deepEqual(
      port.itemInfo().attachments.map((a) => [a.id, a.name, a.size]),
      [["", "report.pdf", 0]],
      platform,
    );
    // Mailbox 1.14: the whole message, so the signed bytes are exact anyway.
    const got = await port.fetchSmimeBytes();
    assert.equal(got?.kind, "eml");
    assert.equal(Buffer.from(got.bytes).toString("latin1"), SIGNED_WITH_ATTACHMENT);
    // Older classic Outlook: nothing to fetch by id; the port says why instead of asking for id "".
    const { office: older, backend } = fakeOutlook({ platform, eml: SIGNED_WITH_ATTACHMENT, requirementSets: ["1.1", "1.5", "1.8", "1.13"] });
    await assert.rejects(createReadPort(older).fetchSmimeBytes(), (e: unknown) => isSpmError(e, "HOST_ERROR") && e.details?.reason === "attachments-without-ids");
    assert.equal(backend.getEventLog().some((e) => e.method === "getAttachmentContentAsync"), false);
  }
  // Outlook on the web presents the same message as one smime.p7m with a real id.
  const { office: web } = fakeOutlook({ eml: SIGNED_WITH_ATTACHMENT, requirementSets: ["1.1", "1.5", "1.8", "1.13"] });
  const webPort = createReadPort(web);
  assert.deepEqual(webPort.itemInfo().attachments.map((a) => a.name), ["smime.p7m"]);
  assert.equal((await webPort.fetchSmimeBytes())?.kind, "multipart-signed-attachment");
});

test("the read pane's text for that HOST_ERROR tells the user what to do, in both languages", async () => {
  const { errorText } = await import("../../../src/ui/shared/errors");
  const { office } = fakeOutlook({ platform: "PC", eml: SIGNED_WITH_ATTACHMENT, requirementSets: ["1.1", "1.5", "1.8", "1.13"] });
  const error = await createReadPort(office).fetchSmimeBytes().catch((e: unknown) => e);
  assert.match(errorText(error, "en"), /Open it in Outlook on the web, or update Outlook/);
  assert.match(errorText(error, "de"), /Öffnen Sie sie in Outlook im Web/);
});
