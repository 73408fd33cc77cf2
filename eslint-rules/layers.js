// ESLint rule `spm/layers`: imports go one way, ui -> host/store -> core (README, "Architecture").
//
// It resolves every module specifier to a real path before judging it, so "../store", "../store/store",
// "../../simulator" and "../host/index" are all seen for what they are; it checks static imports,
// re-exports, type imports, `import()` and `require()`, and refuses `import()` with a computed path in
// layers it cannot otherwise check. Packages are judged by name (Node built-ins, UI libraries).
import { builtinModules } from "node:module";
import { dirname, relative, resolve, sep } from "node:path";

/**
 * Which src/ folders each layer may import from (its own folder is always allowed). A key "a/b" is a
 * sub-layer: files under src/a/b/ are judged by its entry, not by src/a's, and src/a may not import it.
 */
export const LAYERS = {
  core: { may: [], why: "src/core is the bottom layer: it imports nothing above it" },
  store: { may: ["core"], why: "src/store may import only src/core" },
  host: { may: ["core"], why: "src/host may import only src/core" },
  ui: { may: ["core", "host", "store"], why: "the panes may import core, host and store, never the CLI, the simulator or event handlers" },
  launchevent: { may: ["core"], why: "Outlook event handlers import only src/core (launchevent.js stays small and crypto-free; src/launchevent/web is a separate bundle)" },
  // Documented exception (docs/decisions.md, "OnMessageDecrypt"): the web runtime's decrypt module decrypts
  // with the user's keys from the same IndexedDB store the panes use, so it may import src/store.
  "launchevent/web": { may: ["core", "store", "launchevent"], why: "the web decrypt module imports only src/core, src/store and the shared event-handler files" },
  cli: { may: ["core"], why: "the CLI runs over src/core only" },
  simulator: { may: ["core", "host", "store", "ui"], why: "the simulator is never imported by the product" },
};

/** Packages a layer must not use (by name or prefix), with the reason. */
const PACKAGE_RULES = {
  core: [
    { test: (n) => n.startsWith("node:") || builtinModules.includes(n) || builtinModules.includes(n.split("/")[0]), why: "src/core runs in the browser too: no Node built-ins" },
    { test: (n) => /^(react|react-dom|@fluentui|dompurify)(\/|$)/.test(n), why: "src/core has no UI" },
  ],
  store: [{ test: (n) => /^(react|react-dom|@fluentui)(\/|$)/.test(n), why: "src/store has no UI" }],
  host: [{ test: (n) => /^(react|react-dom|@fluentui)(\/|$)/.test(n), why: "src/host has no UI" }],
  launchevent: [
    { test: (n) => /^(react|react-dom|@fluentui|dompurify)(\/|$)/.test(n), why: "event handlers have no UI" },
    { test: (n) => n.startsWith("node:") || builtinModules.includes(n.split("/")[0]), why: "event handlers run in Outlook, not Node" },
  ],
};
PACKAGE_RULES["launchevent/web"] = PACKAGE_RULES.launchevent;

function layerOf(srcRoot, file) {
  const rel = relative(srcRoot, file);
  if (rel.startsWith("..") || rel === "") return undefined;
  const parts = rel.split(sep);
  const sub = parts.length > 1 ? `${parts[0]}/${parts[1].replace(/\.[cm]?[jt]sx?$/, "")}` : undefined;
  return sub && sub in LAYERS ? sub : parts[0];
}

export default {
  meta: {
    type: "problem",
    docs: { description: "keep the layers honest: ui -> host/store -> core" },
    schema: [{ type: "object", properties: { srcRoot: { type: "string" } }, additionalProperties: false }],
    messages: {
      upward: "{{from}} must not import {{to}} ({{why}}): {{spec}}",
      package: "{{from}} must not import the package {{spec}} ({{why}})",
      computed: "import() with a computed path cannot be checked against the layers; use a literal path",
    },
  },
  create(context) {
    const srcRoot = resolve(context.options[0]?.srcRoot ?? "src");
    const file = context.physicalFilename ?? context.filename;
    const from = layerOf(srcRoot, file);
    if (!from || !(from in LAYERS)) return {};
    const rule = LAYERS[from];

    function check(node, spec) {
      if (typeof spec !== "string") return;
      if (spec.startsWith(".") || spec.startsWith("/")) {
        const target = resolve(dirname(file), spec);
        const to = layerOf(srcRoot, target);
        if (to === undefined) {
          // Outside src/ (tests, scripts): the product never imports those.
          context.report({ node, messageId: "upward", data: { from: `src/${from}`, to: relative(resolve(srcRoot, ".."), target) || spec, why: "product code imports only from src/", spec } });
          return;
        }
        if (to === from || rule.may.includes(to)) return;
        context.report({ node, messageId: "upward", data: { from: `src/${from}`, to: `src/${to}`, why: rule.why, spec } });
        return;
      }
      for (const p of PACKAGE_RULES[from] ?? []) {
        if (p.test(spec)) context.report({ node, messageId: "package", data: { from: `src/${from}`, spec, why: p.why } });
      }
    }

    const literal = (node) => {
      if (!node) return undefined;
      if (node.type === "Literal" && typeof node.value === "string") return node.value;
      if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0].value.cooked;
      return null; // computed
    };

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      TSImportType: (node) => {
        const raw = node.source ?? node.argument;
        const arg = raw?.type === "TSLiteralType" ? raw.literal : raw;
        const spec = literal(arg);
        if (spec) check(node, spec);
      },
      ImportExpression: (node) => {
        const spec = literal(node.source);
        if (spec === null) context.report({ node, messageId: "computed" });
        else check(node, spec);
      },
      CallExpression: (node) => {
        if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments.length === 1) {
          const spec = literal(node.arguments[0]);
          if (spec === null) context.report({ node, messageId: "computed" });
          else check(node, spec);
        }
      },
    };
  },
};
