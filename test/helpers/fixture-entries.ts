/**
 * Test-only pages built next to the panes in the shared development build (test/helpers/global-setup.ts).
 * They exist only in test builds, never in `npm start` or the production package.
 */
export const TEST_FIXTURE_ENTRIES: Record<string, string> = {
  "test-pane": "test/e2e/simulator/fixtures/test-pane.ts",
  "set-passphrase": "test/e2e/compose/fixtures/set-passphrase.ts",
  "store-tools": "test/e2e/read/fixtures/store-tools.ts",
  "boundary-page": "test/e2e/read/fixtures/boundary-page.ts",
  "core-enveloped": "test/helpers/pages/core-enveloped.ts",
  "core-keys": "test/helpers/pages/core-keys.ts",
  "store-page": "test/helpers/pages/store-page.ts",
  "decrypt-sanitize": "test/e2e/decrypt/fixtures/decrypt-sanitize.ts",
};

/** Folders whose files (fixture HTML pages) are copied next to the build. */
export const TEST_FIXTURE_STATIC_DIRS = ["test/e2e/simulator/fixtures", "test/e2e/compose/fixtures", "test/helpers/pages", "test/e2e/read/fixtures", "test/e2e/decrypt/fixtures"];
