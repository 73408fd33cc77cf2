/**
 * `npm run bench`: spm vs `openssl cms` on the same inputs in the same run.
 * Encrypt, decrypt, sign and verify at 1 KB, 1 MB and 25 MB; wall time (median of runs, whole
 * process, as a user sees it) and peak RSS (GNU time's %M). Prints a Markdown table.
 * Targets (issue 2): at 25 MB, encrypt and decrypt within 2x OpenSSL's wall time, peak memory under
 * 5x the message size.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCli } from "../test/helpers/cli";
import { createTestPki } from "../test/helpers/openssl";

const SIZES: [string, number][] = [
  ["1 KB", 1024],
  ["1 MB", 1024 * 1024],
  ["25 MB", 25 * 1024 * 1024],
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Measure {
  seconds: number;
  peakKiB: number;
}

/** Run a command under GNU time; returns wall seconds and peak RSS (median run, max peak). */
function measure(cmd: string, args: string[]): Measure {
  const results: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "@@%e %M", cmd, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    const stderr = r.stderr.toString();
    const m = /@@([\d.]+) (\d+)/.exec(stderr);
    if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(" ")} failed: ${stderr.slice(0, 500)}`);
    results.push({ seconds: Number(m[1]), peakKiB: Number(m[2]) });
  }
  results.sort((a, b) => a.seconds - b.seconds);
  return { seconds: results[Math.floor(results.length / 2)].seconds, peakKiB: Math.max(...results.map((r) => r.peakKiB)) };
}

async function main(): Promise<void> {
  const cli = await buildCli();
  const pki = createTestPki();
  const alice = pki.issue("alice", "alice@example.org");
  const bob = pki.issue("bob", "bob@example.org");
  const dir = pki.dir;
  const rows: string[] = [];
  const node = process.execPath;
  for (const [label, size] of SIZES) {
    // A realistic MIME entity of the given size: a base64 attachment (as mail carries one).
    const payload = randomBytes(Math.floor((size * 3) / 4)).toString("base64").replace(/.{76}/g, "$&\r\n");
    const entity = Buffer.from("Content-Type: application/octet-stream; name=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + payload + "\r\n");
    const entityPath = join(dir, `entity-${size}.bin`);
    writeFileSync(entityPath, entity);
    const eml = join(dir, `message-${size}.eml`);
    writeFileSync(eml, Buffer.concat([Buffer.from("From: alice@example.org\r\nTo: bob@example.org\r\nSubject: bench\r\nMIME-Version: 1.0\r\n"), entity]));
    const osslEnc = join(dir, `ossl-enc-${size}.p7m`);
    const osslSig = join(dir, `ossl-sig-${size}.eml`);
    const spmEnc = join(dir, `spm-enc-${size}.eml`);
    const spmSig = join(dir, `spm-sig-${size}.eml`);
    const devnull = join(dir, "out.tmp");
    const ops: [string, [string, string[]], [string, string[]]][] = [
      [
        "encrypt",
        [node, [cli, "encrypt", "--to", bob.certPath, "--cipher", "aes-256-cbc", eml]],
        ["openssl", ["cms", "-encrypt", "-binary", "-aes256", "-in", entityPath, "-out", osslEnc, "-outform", "DER", bob.certPath]],
      ],
      [
        "decrypt",
        [node, [cli, "decrypt", "--key", bob.keyPath, "--cert", bob.certPath, osslEnc]],
        ["openssl", ["cms", "-decrypt", "-binary", "-inform", "DER", "-in", osslEnc, "-inkey", bob.keyPath, "-recip", bob.certPath, "-out", devnull]],
      ],
      [
        "sign",
        [node, [cli, "sign", "--key", alice.keyPath, "--cert", alice.certPath, eml]],
        ["openssl", ["cms", "-sign", "-binary", "-from", "alice@example.org", "-in", entityPath, "-signer", alice.certPath, "-inkey", alice.keyPath, "-out", osslSig]],
      ],
      [
        "verify",
        [node, [cli, "verify", "--no-system-trust", "--trust", pki.caCertPath, osslSig]],
        ["openssl", ["cms", "-verify", "-binary", "-in", osslSig, "-CAfile", pki.caCertPath, "-out", devnull]],
      ],
    ];
    // OpenSSL first, so decrypt/verify have their inputs; spm's outputs go to files via a shell redirect.
    for (const [op, ours, theirs] of ops) {
      const o = measure(theirs[0], theirs[1]);
      const target = op === "encrypt" ? spmEnc : op === "sign" ? spmSig : devnull;
      const s = measure("sh", ["-c", `"$0" "$@" > "${target}"`, ours[0], ...ours[1]]);
      const ratio = s.seconds / Math.max(o.seconds, 0.005);
      const memRatio = (s.peakKiB * 1024) / size;
      rows.push(
        `| ${op} | ${label} | ${s.seconds.toFixed(3)} | ${o.seconds.toFixed(3)} | ${ratio.toFixed(2)}x | ${(s.peakKiB / 1024).toFixed(0)} | ${(o.peakKiB / 1024).toFixed(0)} | ${size >= 1024 * 1024 ? memRatio.toFixed(1) + "x" : "-"} |`,
      );
      process.stderr.write(`${op} ${label}: spm ${s.seconds}s ${s.peakKiB} KiB, openssl ${o.seconds}s ${o.peakKiB} KiB\n`);
    }
  }
  const table = [
    `Machine: ${process.platform} ${process.arch}, Node ${process.version}, ${execFileSync("openssl", ["version"]).toString().trim()}; median of ${RUNS} runs, whole process wall time.`,
    "",
    "| operation | size | spm s | openssl s | spm/openssl | spm peak MiB | openssl peak MiB | spm peak / size |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  console.log(table);
  pki.cleanup();
}

await main();
