/**
 * `npm run bench`: the spm CLI against `openssl cms` on the same inputs, in the same run, side by side.
 * Inputs are what mail really carries (see ./inputs.ts): base64 S/MIME .eml as OpenSSL writes it (plain and
 * `-stream`) and as Outlook sends it, plus the bare DER as an extra row. Whole-process wall time (median of
 * paired runs, Node's start included) and peak memory; outputs are checked against OpenSSL's once per row.
 *
 * Environment: BENCH_RUNS (pairs per row, default 5), BENCH_SIZES (MiB, default "1,25,50"), BENCH_KEEP=1 keeps
 * the inputs and prints every command line, so the rows can be re-run with other tools.
 * Targets (issue 13) at 25 MB: encrypt and decrypt within 1.5x OpenSSL's wall time, sign and verify within 2x;
 * peak memory at most 3x the message size for all four.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCli } from "../test/helpers/cli";
import { createTestPki } from "../test/helpers/openssl";
import { MAIL_FIELDS, makeInputs, type SizeInputs } from "./inputs";
import { measurePair, type Command } from "./measure";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? "1,25,50").split(",").map(Number);
const KEEP = process.env.BENCH_KEEP === "1";
const TARGETS: Record<string, { time: number; memory: number }> = {
  encrypt: { time: 1.5, memory: 3 },
  decrypt: { time: 1.5, memory: 3 },
  sign: { time: 2, memory: 3 },
  verify: { time: 2, memory: 3 },
};

interface Row {
  op: "encrypt" | "decrypt" | "sign" | "verify";
  input: string;
  spm: Command;
  openssl: Command;
  /** Compare the two outputs' bytes (decrypt: both are the plaintext entity). */
  sameOutput?: boolean;
}

function rowsFor(cli: string, dir: string, x: SizeInputs, keys: { alice: string[]; bob: string[]; bobCert: string; ca: string }): Row[] {
  const node = process.execPath;
  const out = (name: string) => join(dir, `out-${name}`);
  const decrypt = (input: string, label: string, inform: string[] = []): Row => ({
    op: "decrypt",
    input: label,
    spm: { argv: [node, cli, "decrypt", ...keys.bob, input], stdout: out("spm-dec") },
    openssl: { argv: ["openssl", "cms", "-decrypt", ...inform, "-in", input, "-inkey", keys.bob[1], "-recip", keys.bob[3], "-out", out("ossl-dec")] },
    sameOutput: true,
  });
  return [
    {
      op: "encrypt",
      input: ".eml",
      spm: { argv: [node, cli, "encrypt", "--to", keys.bobCert, "--cipher", "aes-256-cbc", x.message], stdout: out("spm-enc") },
      openssl: { argv: ["openssl", "cms", "-encrypt", "-aes256", "-in", x.message, "-out", out("ossl-enc"), keys.bobCert] },
    },
    decrypt(x.opensslEml, "OpenSSL .eml"),
    decrypt(x.opensslStreamEml, "OpenSSL -stream .eml"),
    decrypt(x.outlookEml, "Outlook-shaped .eml"),
    decrypt(x.der, "DER (extra)", ["-inform", "DER"]),
    {
      op: "sign",
      input: ".eml",
      spm: { argv: [node, cli, "sign", ...keys.alice, x.message], stdout: out("spm-sig") },
      openssl: { argv: ["openssl", "cms", "-sign", "-in", x.message, "-signer", keys.alice[3], "-inkey", keys.alice[1], ...MAIL_FIELDS, "-out", out("ossl-sig")] },
    },
    {
      op: "verify",
      input: "OpenSSL .eml",
      spm: { argv: [node, cli, "verify", "--offline", "--no-system-trust", "--trust", keys.ca, x.opensslSigned], stdout: out("spm-ver") },
      openssl: { argv: ["openssl", "cms", "-verify", "-in", x.opensslSigned, "-CAfile", keys.ca, "-out", out("ossl-ver")] },
    },
  ];
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function main(): Promise<void> {
  const cli = await buildCli();
  const pki = createTestPki();
  const alice = pki.issue("alice", "alice@example.org");
  const bob = pki.issue("bob", "bob@example.org");
  const keys = {
    alice: ["--key", alice.keyPath, "--cert", alice.certPath],
    bob: ["--key", bob.keyPath, "--cert", bob.certPath],
    bobCert: bob.certPath,
    ca: pki.caCertPath,
  };
  const lines: string[] = [];
  const verdicts: string[] = [];
  for (const sizeMiB of SIZES) {
    const inputs = makeInputs(pki.dir, alice, bob, sizeMiB);
    for (const row of rowsFor(cli, pki.dir, inputs, keys)) {
      const r = measurePair(row.spm, row.openssl, RUNS);
      if (row.sameOutput) {
        const theirs = row.openssl.argv[row.openssl.argv.indexOf("-out") + 1];
        if (sha256(row.spm.stdout as string) !== sha256(theirs)) throw new Error(`${row.op} ${row.input} ${sizeMiB} MB: spm's output differs from OpenSSL's`);
      }
      const perSize = (r.a.peakMiB * 1024 * 1024) / inputs.messageBytes;
      lines.push(
        `| ${row.op} | ${row.input} | ${sizeMiB} MB | ${r.a.seconds.toFixed(3)} | ${r.b.seconds.toFixed(3)} | ${r.ratio.toFixed(2)}x | ` +
          `${r.a.peakMiB.toFixed(0)} | ${r.b.peakMiB.toFixed(0)} | ${perSize.toFixed(1)}x |`,
      );
      process.stderr.write(`${lines[lines.length - 1]}\n`);
      if (sizeMiB === 25) {
        const t = TARGETS[row.op];
        const met = r.ratio <= t.time && perSize <= t.memory;
        verdicts.push(`${row.op} (${row.input}): ${r.ratio.toFixed(2)}x time (target ${t.time}x), ${perSize.toFixed(1)}x memory (target ${t.memory}x): ${met ? "met" : "NOT met"}`);
      }
      if (KEEP) process.stderr.write(`  spm:     ${row.spm.argv.join(" ")}${row.spm.stdout ? ` > ${row.spm.stdout}` : ""}\n  openssl: ${row.openssl.argv.join(" ")}\n`);
    }
  }
  const osslVersion = execFileSync("openssl", ["version"]).toString().trim();
  console.log(
    [
      `${process.platform} ${process.arch}, Node ${process.version}, ${osslVersion}; whole-process wall time, median of ${RUNS} paired runs;`,
      "peak = maximum resident set; size = the plain message's bytes.",
      "",
      "| operation | input | size | spm s | openssl s | spm/openssl | spm peak MiB | openssl peak MiB | spm peak / size |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...lines,
      "",
      ...verdicts,
    ].join("\n"),
  );
  if (KEEP) console.log(`inputs kept in ${pki.dir}`);
  else pki.cleanup();
}

await main();
