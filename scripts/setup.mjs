// Fresh-machine set-up for `npm start` and `npm test`: Node and npm dependencies in their pre-script
// (scripts/ensure-deps.mjs), the test peers as the first step of scripts/test.mjs. Only Node built-ins here: on a fresh clone nothing else is installed yet.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";

/** The programs the tests run against, with the Debian/Ubuntu package that brings each. */
export const TEST_TOOLS = [
  { cmd: "chromium", pkg: "chromium", what: "the browser the UI tests drive" },
  { cmd: "openssl", pkg: "openssl", what: "OpenSSL 3, the interop peer" },
  { cmd: "certutil", pkg: "libnss3-tools", what: "NSS certificate tool" },
  { cmd: "pk12util", pkg: "libnss3-tools", what: "NSS PKCS#12 tool" },
  { cmd: "cmsutil", pkg: "libnss3-tools", what: "NSS CMS tool, the second interop peer" },
  { cmd: "gpgsm", pkg: "gpgsm", what: "GnuPG's S/MIME tool, which writes armoured PKCS#12" },
  { cmd: "xmllint", pkg: "libxml2-utils", what: "the offline manifest schema check" },
];

const say = (line) => console.log(`[setup] ${line}`);

/** "20.19.0" >= "20.19"? Numeric, part by part; missing parts count as 0. */
export function versionAtLeast(have, need) {
  const a = have.split(".").map(Number);
  const b = need.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** Stops with one line when this Node is older than package.json's `engines.node` (">=X.Y"). */
export function checkNode(root = ".") {
  const range = JSON.parse(readFileSync(`${root}/package.json`, "utf8")).engines?.node ?? "";
  const need = /^>=\s*(\d+(?:\.\d+)*)$/.exec(range.trim())?.[1];
  if (need && !versionAtLeast(process.versions.node, need)) {
    console.error(`[setup] Secure Patient Mail needs Node ${need} or newer; this is Node ${process.versions.node}. Install a newer Node (https://nodejs.org) and run the command again.`);
    process.exit(1);
  }
}

/**
 * Installs the npm dependencies exactly as locked (npm ci) when node_modules is missing, or older than
 * package-lock.json (a pull changed the lock). npm writes node_modules/.package-lock.json after every
 * install, so its time is the time of the last install.
 */
export function ensureNpmDeps(root = ".") {
  const marker = `${root}/node_modules/.package-lock.json`;
  let reason = "";
  if (!existsSync(marker)) reason = "first run: installing the npm dependencies (npm ci)";
  else if (statSync(`${root}/package-lock.json`).mtimeMs > statSync(marker).mtimeMs) reason = "package-lock.json changed since the last install: reinstalling the npm dependencies (npm ci)";
  if (!reason) return;
  say(reason);
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit", cwd: root });
  if (r.status !== 0) {
    console.error(`[setup] npm ci failed (exit ${r.status}); nothing else was changed. Fix the error above and run the command again.`);
    process.exit(r.status || 1);
  }
}

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

/** The tools that are not on PATH. */
export function missingTools(tools = TEST_TOOLS) {
  return tools.filter((t) => !has(t.cmd));
}

/**
 * Makes sure the test peers exist: as root on Debian/Ubuntu, installs what is missing with apt-get and
 * says so; anywhere else, stops with one line per missing program and the exact install command.
 */
export function ensureTestTools() {
  let missing = missingTools();
  if (!missing.length) return;
  const packages = [...new Set(missing.map((t) => t.pkg))];
  const canInstall = process.getuid?.() === 0 && existsSync("/etc/debian_version") && has("apt-get");
  if (canInstall) {
    say(`installing the programs the tests need: apt-get install -y ${packages.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-q", ...packages], { stdio: "inherit", env }) : update;
    if (install.status !== 0) console.error(`[setup] apt-get failed (exit ${install.status})`);
    missing = missingTools();
    if (!missing.length) return;
  }
  for (const t of missing) {
    console.error(`[setup] missing ${t.cmd} (${t.what}): install it with  ${process.getuid?.() === 0 ? "" : "sudo "}apt-get install -y ${t.pkg}`);
  }
  process.exit(1);
}
