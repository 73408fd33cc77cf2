/**
 * Issue 13 #6: attachment names with bidi controls and zero-width characters (Unicode TR #36).
 * `invoice\u202Efdp.exe` displays as "invoiceexe.pdf". safeFileName (src/core/mime) strips them, shows the real
 * extension separately and gives a name that is safe to save; the CLI uses it wherever it shows or saves a name.
 */
import { afterAll, beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { safeFileName } from "../../../src/core/mime";
import { buildCli, runCli } from "../../helpers/cli";
import { removeDir, tempDir } from "../../helpers/openssl";

describe("safeFileName", () => {
  test("a right-to-left override cannot disguise an .exe as a .pdf", () => {
    const s = safeFileName("invoice\u202Efdp.exe");
    assert.deepEqual({ ...s }, { display: "invoicefdp.exe", extension: "exe", saveAs: "invoicefdp.exe", changed: true });
  });

  test("every listed control is removed (U+202A-202E, U+2066-2069, U+200B-200F, U+FEFF) and more invisibles", () => {
    const controls = [
      ...Array.from({ length: 5 }, (_, i) => 0x202a + i),
      ...Array.from({ length: 4 }, (_, i) => 0x2066 + i),
      ...Array.from({ length: 5 }, (_, i) => 0x200b + i),
      0xfeff, 0x061c, 0x2060, 0x00ad, 0x0000, 0x001b, 0x0085, 0x2028,
    ];
    for (const cp of controls) {
      const s = safeFileName(`re${String.fromCodePoint(cp)}port.pdf`);
      assert.equal(s.display, "report.pdf", cp.toString(16));
      assert.equal(s.changed, true, cp.toString(16));
    }
    assert.equal(safeFileName("report.pdf").changed, false);
    assert.equal(safeFileName("Befund Müller.pdf").display, "Befund Müller.pdf");
    assert.equal(safeFileName("תוצאות.pdf").changed, false, "right-to-left script itself is fine");
  });

  test("the real extension: trailing dots and spaces dropped (Windows), padding spaces collapsed", () => {
    assert.equal(safeFileName("scan.pdf.exe. . ").extension, "exe");
    assert.equal(safeFileName("scan.pdf                                   .exe").display, "scan.pdf .exe");
    assert.equal(safeFileName("README").extension, "");
    assert.equal(safeFileName(".bashrc").extension, "");
    assert.equal(safeFileName("a.TAR.GZ").extension, "gz");
  });

  test("saveAs is one plain file name: no path, no device name, bounded length", () => {
    assert.equal(safeFileName("../../etc/passwd").saveAs, "_.._etc_passwd");
    assert.equal(safeFileName("C:\\Windows\\evil.dll").saveAs, "C__Windows_evil.dll");
    assert.equal(safeFileName("CON.txt").saveAs, "_CON.txt");
    assert.equal(safeFileName("lpt1").saveAs, "_lpt1");
    assert.equal(safeFileName("...").saveAs, "attachment");
    assert.equal(safeFileName("\u202E\u200B").display, "attachment");
    assert.equal(safeFileName("", "part-3").saveAs, "part-3");
    const long = safeFileName("ä".repeat(500) + ".docx");
    assert.ok(new TextEncoder().encode(long.saveAs).length <= 240);
    assert.ok(long.saveAs.endsWith(".docx"));
    assert.ok(long.display.length < 200 && long.display.endsWith(".docx"));
    assert.equal(long.extension, "docx");
  });
});

describe("spm open --attachments", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => removeDir(dir));

  test("names are shown and saved without controls, with the real extension, never outside the folder", async () => {
    const part = (header: string, body: string) => `--b\r\n${header}\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(body).toString("base64")}\r\n`;
    const message =
      'From: a@example.org\r\nSubject: files\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
      "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n" +
      part("Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe", "MZ-evil") +
      part('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="../../outside.pdf"', "%PDF-1") +
      part('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="=?UTF-8?B?' + Buffer.from("re\u200Bport.pdf").toString("base64") + '?="', "%PDF-2") +
      part('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="report.pdf"', "%PDF-3") +
      "--b--\r\n";
    const path = join(dir, "files.eml");
    writeFileSync(path, message);
    const out = join(dir, "saved");
    const cli = await buildCli();
    const r = runCli(cli, ["open", "--no-system-trust", "--offline", "--attachments", out, path]);
    assert.equal(r.status, 0, r.stderr);
    const list = (JSON.parse(r.stdout.toString()) as { attachments: { name: string; extension: string; nameChanged: boolean; savedAs: string }[] }).attachments;
    assert.deepEqual(
      list.map((a) => [a.name, a.extension, a.nameChanged]),
      [["invoicefdp.exe", "exe", true], ["../../outside.pdf", "pdf", false], ["report.pdf", "pdf", true], ["report.pdf", "pdf", false]],
    );
    assert.deepEqual([...readdirSync(out)].sort(), ["_.._outside.pdf", "invoicefdp.exe", "report (2).pdf", "report.pdf"]);
    assert.deepEqual([...readdirSync(dir)].sort(), ["files.eml", "saved"], "nothing written outside the folder");
    assert.equal(readFileSync(join(out, "report.pdf"), "latin1"), "%PDF-2");
    assert.equal(readFileSync(join(out, "report (2).pdf"), "latin1"), "%PDF-3", "an existing file is never overwritten");
    for (const a of list) assert.doesNotMatch(a.savedAs, /[\u200b-\u200f\u202a-\u202e]/);
  });
});
