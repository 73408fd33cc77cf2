// Jest runs every test as native ES modules (node --experimental-vm-modules; scripts/test.mjs and the
// test:* scripts pass it): pkijs 4 and asn1js 4 are ESM-only and the tests use import.meta. @swc/jest strips
// the TypeScript; node_modules are not transformed. `node` environment everywhere: jsdom breaks the crypto
// stack (no TextDecoder, two realms), and the UI tests drive real Chromium.
//
// Two groups: `unit` (unit + security, in parallel) and `browser` (interop + e2e: real OpenSSL, NSS and
// Chromium, run in band with longer timeouts, sharing one development build made by globalSetup).
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", tsx: true },
      target: "es2022",
      transform: { react: { runtime: "automatic" } },
    },
    module: { type: "es6" },
    sourceMaps: "inline",
  },
];

const common = {
  testEnvironment: "<rootDir>/test/helpers/jest-environment.mjs",
  extensionsToTreatAsEsm: [".ts", ".tsx"],
  transform: { "^.+\\.(ts|tsx)$": swc },
  transformIgnorePatterns: ["/node_modules/"],
  moduleFileExtensions: ["ts", "tsx", "js", "mjs", "json"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
};

export default {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/test/security/**/*.test.ts"],
      setupFilesAfterEnv: ["<rootDir>/test/helpers/timeout-unit.ts"],
    },
    {
      ...common,
      displayName: "browser",
      testMatch: ["<rootDir>/test/interop/**/*.test.ts", "<rootDir>/test/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/test/helpers/global-setup.ts",
      globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/helpers/timeout-browser.ts"],
    },
  ],
};
