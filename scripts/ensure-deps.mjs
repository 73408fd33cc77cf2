#!/usr/bin/env node
// Runs before `npm start` (prestart) and `npm test` (pretest): stops on a too-old Node and installs the npm
// dependencies on a fresh clone or after the lock changed (the test peers are scripts/test.mjs's first step).
// Only Node built-ins: see setup.mjs.
import { checkNode, ensureNpmDeps } from "./setup.mjs";

checkNode();
ensureNpmDeps();
