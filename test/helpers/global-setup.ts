/**
 * Jest globalSetup of the `browser` group: one development build (panes, simulator, and the test-only
 * fixture pages) shared by every browser test, instead of a build per test file. Its folder reaches the
 * tests through SPM_TEST_BUILD (the group runs in band, so in this same process).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildDev } from "../../scripts/serve-lib.mjs";
import { TEST_FIXTURE_ENTRIES, TEST_FIXTURE_STATIC_DIRS } from "./fixture-entries";

export default async function globalSetup(): Promise<void> {
  if (process.env.SPM_TEST_BUILD) return; // given from outside (a build made beforehand)
  const repoRoot = resolve(import.meta.dirname, "../..");
  const outDir = mkdtempSync(join(tmpdir(), "spm-test-build-"));
  const started = Date.now();
  await buildDev({
    outDir,
    cwd: repoRoot,
    extraEntries: TEST_FIXTURE_ENTRIES,
    extraStaticDirs: TEST_FIXTURE_STATIC_DIRS.map((d) => resolve(repoRoot, d)),
  });
  process.env.SPM_TEST_BUILD = outDir;
  process.env.SPM_TEST_BUILD_OWNED = "1";
  console.log(`\n[global-setup] development build for the browser tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
