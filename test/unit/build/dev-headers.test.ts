/**
 * The development servers (npm start and the tests' static server) send no Cache-Control on images: Office
 * caches add-in command icons and shows a generic icon when the response carries any Cache-Control directive
 * (learn.microsoft.com/javascript/api/manifest/image). Pages and scripts stay uncached while developing.
 * Also: both serve the well-known file for classic Outlook's JavaScript runtime and the support page.
 */
import { afterAll, beforeAll, test } from "@jest/globals";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createHandler } from "../../../scripts/serve-lib.mjs";
import { officeAddinsAllowed } from "../../../scripts/manifest-origin.mjs";

type DevConfig = Array<{ devServer?: { headers?: (req: { url?: string }) => Record<string, string> } }>;

let dir = "";
let server: Server;
let base = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "spm-headers-"));
  mkdirSync(join(dir, "assets"));
  mkdirSync(join(dir, ".well-known"));
  copyFileSync("assets/icon-16.png", join(dir, "assets/icon-16.png"));
  copyFileSync("public/support.html", join(dir, "support.html"));
  writeFileSync(join(dir, "compose.html"), "<!doctype html><title>x</title>");
  writeFileSync(join(dir, ".well-known/microsoft-officeaddins-allowed.json"), officeAddinsAllowed(readFileSync("manifest.xml", "utf8")));
  server = createServer(createHandler({ roots: [dir], graph: false }));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

test("static server: icons without Cache-Control, pages no-store, the well-known JSON and the support page", async () => {
  const icon = await fetch(`${base}/assets/icon-16.png`);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get("content-type"), "image/png");
  assert.equal(icon.headers.get("cache-control"), null);
  const page = await fetch(`${base}/compose.html`);
  assert.equal(page.headers.get("cache-control"), "no-store");
  const wellKnown = await fetch(`${base}/.well-known/microsoft-officeaddins-allowed.json`);
  assert.equal(wellKnown.status, 200);
  assert.match(wellKnown.headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual([...((await wellKnown.json()) as { allowed: string[] }).allowed], ["https://localhost:3000/launchevent.js"]);
  assert.equal((await fetch(`${base}/support.html`)).status, 200);
});

test("npm start (webpack-dev-server): the headers function spares images only", async () => {
  // By URL: webpack.config.js has no type declarations.
  const { default: config } = (await import(pathToFileURL(resolve("webpack.config.js")).href)) as { default: (env: object, argv: object) => DevConfig };
  const headers = config({}, { mode: "development" })[0].devServer?.headers;
  assert.equal(typeof headers, "function");
  if (!headers) return;
  assert.equal(headers({ url: "/assets/icon-80.png?v=1" })["Cache-Control"], undefined);
  assert.equal(headers({ url: "/assets/icon-80.png" })["X-Content-Type-Options"], "nosniff");
  assert.equal(headers({ url: "/compose.html" })["Cache-Control"], "no-store");
  assert.equal(headers({ url: "/launchevent.js" })["Cache-Control"], "no-store");
});
