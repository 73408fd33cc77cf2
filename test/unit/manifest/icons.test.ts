import { test } from "@jest/globals";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SIZES = [16, 32, 64, 80, 128];

test("scripts/make-icons.mjs regenerates exactly the committed icons", () => {
  const dir = mkdtempSync(join(tmpdir(), "spm-icons-gen-"));
  try {
    const r = spawnSync(process.execPath, [resolve("scripts/make-icons.mjs")], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const s of SIZES) {
      assert.ok(readFileSync(join(dir, `assets/icon-${s}.png`)).equals(readFileSync(`assets/icon-${s}.png`)), `icon-${s}.png differs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the icons are real RGBA PNGs: right size, opaque blue centre, transparent corners", () => {
  for (const s of SIZES) {
    const png = readFileSync(`assets/icon-${s}.png`);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), s);
    assert.equal(png.readUInt32BE(20), s);
    assert.equal(png[24], 8);
    assert.equal(png[25], 6);
    // Single IDAT in our files: inflate it and look at pixels.
    const idatAt = png.indexOf("IDAT");
    const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
    const px = (x: number, y: number) => raw.subarray(y * (s * 4 + 1) + 1 + x * 4, y * (s * 4 + 1) + 1 + x * 4 + 4);
    assert.equal(px(0, 0)[3], 0, "corner is transparent");
    const edge = px(Math.max(1, Math.round(s * 0.07)), Math.floor(s / 2)); // left edge, middle: blue background
    assert.equal(edge[3], 255);
    assert.ok(edge[2] > 150 && edge[0] < 60, `blue at the left edge of ${s}px: ${[...edge].join(",")}`);
  }
});
