/**
 * Every input the fuzzers found (test/fuzz/regressions/<target>/*.bin) is replayed through its target on every
 * `npm test`: it must end in a result or a typed error, within the time limit, never in a crash.
 */
import { beforeAll, describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseBer } from "../../src/core/asn1";
import { SpmError } from "../../src/core/errors";
import { fromBase64 } from "../../src/core/bytes";
import { makeSeeds } from "../fuzz/seeds";
import { setOpenContext, TARGETS, type TargetName } from "../fuzz/targets";

const DIR = new URL("../fuzz/regressions", import.meta.url).pathname;

beforeAll(async () => {
  setOpenContext((await makeSeeds()).context);
}, 60_000);

test("asn1js 4 throws on 13 bytes (GeneralizedTime 'Wrong input string for conversion'): parseBer makes it MALFORMED", () => {
  const input = fromBase64("GAEHAAD/AP///wMDQg==");
  assert.throws(() => parseBer(input), (e: unknown) => e instanceof SpmError && e.code === "MALFORMED");
});

describe("fuzz regressions", () => {
  for (const target of Object.keys(TARGETS) as TargetName[]) {
    const dir = join(DIR, target);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".bin")) : [];
    for (const file of files) {
      test(`${target}: ${file}`, async () => {
        const t0 = Date.now();
        await TARGETS[target](new Uint8Array(readFileSync(join(dir, file))));
        assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
      });
    }
  }
});
