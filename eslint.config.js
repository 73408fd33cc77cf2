// Lint rules that keep the layers honest: imports go one way, ui -> host/store -> core.
import tseslint from "typescript-eslint";

const restrict = (patterns, bareNodeModules = []) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns,
      // Exact module names (a pattern "crypto" would also match our own src/core/crypto folder).
      paths: bareNodeModules.map((name) => ({ name, message: "src/core runs in the browser too: no Node built-ins" })),
    },
  ],
});

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".tmp/**", "assets/**", "test-results/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // core: pure TypeScript. No Office.js, DOM, React, Node built-ins, or upper layers.
    files: ["src/core/**/*.ts"],
    rules: {
      ...restrict([
        { group: ["**/store/**", "**/host/**", "**/ui/**", "**/cli/**", "**/simulator/**"], message: "src/core must not import upper layers" },
        { group: ["react", "react-dom", "react/*", "@fluentui/*", "dompurify"], message: "src/core has no UI" },
        { group: ["node:*"], message: "src/core runs in the browser too: no Node built-ins" },
      ], ["fs", "path", "child_process", "crypto", "os", "buffer", "stream"]),
      "no-restricted-globals": ["error", "window", "document", "Office", "navigator", "localStorage", "indexedDB"],
    },
  },
  {
    files: ["src/store/**/*.ts"],
    rules: restrict([
      { group: ["**/host/**", "**/ui/**", "**/cli/**", "**/simulator/**"], message: "src/store may import only src/core" },
      { group: ["react", "react-dom", "@fluentui/*"], message: "src/store has no UI" },
    ]),
  },
  {
    files: ["src/host/**/*.ts"],
    rules: restrict([
      { group: ["**/ui/**", "**/cli/**", "**/simulator/**", "**/store/**"], message: "src/host may import only src/core" },
      { group: ["react", "react-dom", "@fluentui/*"], message: "src/host has no UI" },
    ]),
  },
  {
    files: ["src/ui/**/*.ts", "src/ui/**/*.tsx"],
    rules: restrict([
      { group: ["**/cli/**", "**/simulator/**"], message: "the panes must not know the simulator or the CLI" },
    ]),
  },
  {
    // The send-guard handler runs in classic Outlook's bare JavaScript runtime: core logic only.
    files: ["src/launchevent/**/*.ts"],
    rules: restrict([
      { group: ["**/store/**", "**/host/**", "**/ui/**", "**/cli/**", "**/simulator/**"], message: "src/launchevent may import only src/core" },
      { group: ["react", "react-dom", "@fluentui/*", "pkijs", "asn1js"], message: "the send-guard bundle stays small and crypto-free" },
    ]),
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: restrict([
      { group: ["**/host/**", "**/ui/**", "**/simulator/**", "**/store/**"], message: "the CLI runs over src/core only" },
    ]),
  },
  {
    // Only src/host and the simulator may touch the Office global.
    files: ["src/core/**/*.ts", "src/store/**/*.ts", "src/ui/**/*.ts", "src/ui/**/*.tsx", "src/cli/**/*.ts"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "MemberExpression[object.name='Office']", message: "Office.js is touched only in src/host" }],
    },
  },
);
