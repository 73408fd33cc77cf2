#!/usr/bin/env node
// Runs before `npm start` (prestart) and `npm test` (pretest, with --tools): stops on a too-old Node,
// installs the npm dependencies on a fresh clone or after the lock changed, and for the tests makes sure
// the real peers (Chromium, OpenSSL, NSS tools, xmllint) are there. Only Node built-ins: see setup.mjs.
import { checkNode, ensureNpmDeps, ensureTestTools } from "./setup.mjs";

checkNode();
ensureNpmDeps();
if (process.argv.includes("--tools")) ensureTestTools();
