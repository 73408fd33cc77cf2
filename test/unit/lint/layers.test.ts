/**
 * The layer rule really enforces the layers: small bad files, linted with the project's own ESLint
 * configuration as if they lived at the path named on their first line, must be reported import by import.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

const ROOT = resolve(import.meta.dirname, "../../..");
const FIXTURES = join(import.meta.dirname, "fixtures");

async function layerErrors(fixture: string): Promise<{ line: number; message: string }[]> {
  const text = readFileSync(join(FIXTURES, fixture), "utf8");
  const as = /^\/\/ as: (\S+)/.exec(text)?.[1];
  assert.ok(as, `${fixture} names its virtual path on line 1`);
  // The project's configuration; type-aware rules are off because the virtual file is not in tsconfig.
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, as) });
  return result.messages.filter((m) => m.ruleId === "spm/layers").map((m) => ({ line: m.line, message: m.message }));
}

describe("spm/layers", () => {
  test("core: the bare folder, a file in it, type imports, re-exports, import(), require() and Node/UI packages", async () => {
    const errors = await layerErrors("core-imports-upper-layers.ts");
    const lines = errors.map((e) => e.line).sort((a, b) => a - b);
    // lines 3-11: eight static forms and three packages; 14-16: import(), computed import(), require()
    assert.deepEqual(lines, [3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16]);
    assert.match(errors.find((e) => e.line === 3)!.message, /src\/core must not import src\/store/);
    assert.match(errors.find((e) => e.line === 8)!.message, /src\/simulator/);
    assert.match(errors.find((e) => e.line === 9)!.message, /no Node built-ins/);
    assert.match(errors.find((e) => e.line === 15)!.message, /computed path/);
  });

  test("launchevent may not import host or store", async () => {
    assert.deepEqual((await layerErrors("launchevent-imports-host.ts")).map((e) => e.line), [2, 3]);
  });

  test("launchevent/web (the web decrypt module) may import store; launchevent.js's files may not import it", async () => {
    const web = await layerErrors("launchevent-web.ts");
    assert.deepEqual(web.map((e) => e.line), [6, 7, 8]);
    assert.match(web[0].message, /src\/launchevent\/web must not import src\/host/);
    assert.match(web[2].message, /no UI/);
    const top = await layerErrors("launchevent-imports-web.ts");
    assert.deepEqual(top.map((e) => e.line), [3, 4, 5]);
    assert.match(top[0].message, /src\/launchevent must not import src\/launchevent\/web/);
  });

  test("ui may not import the simulator, the CLI or an event handler (also lazily)", async () => {
    assert.deepEqual((await layerErrors("ui-imports-simulator.ts")).map((e) => e.line), [2, 3, 5]);
  });

  test("the allowed directions pass", async () => {
    assert.deepEqual(await layerErrors("allowed.ts"), []);
  });
});
