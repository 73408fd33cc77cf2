#!/usr/bin/env node
// Draws the add-in icons (a white envelope with a padlock on clinical blue) and writes them as PNG
// with nothing but node:zlib. Output is committed in assets/; rerun after changing the drawing:
//   node scripts/make-icons.mjs
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [11, 92, 173];
const WHITE = [255, 255, 255];

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1, y down).
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const nearSegment = (x, y, ax, ay, bx, by, w) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= w * w;
};
const inRing = (x, y, cx, cy, r0, r1) => {
  const d = Math.hypot(x - cx, y - cy);
  return d >= r0 && d <= r1 && y <= cy;
};

/** Colour of one sample point, or null for transparent. Later layers paint over earlier ones. */
function paint(x, y) {
  if (!inRoundRect(x, y, 0.02, 0.02, 0.98, 0.98, 0.18)) return null;
  let c = BLUE;
  // Envelope with its flap.
  if (inRoundRect(x, y, 0.12, 0.24, 0.76, 0.70, 0.04)) c = WHITE;
  if (nearSegment(x, y, 0.14, 0.27, 0.44, 0.50, 0.035) || nearSegment(x, y, 0.44, 0.50, 0.74, 0.27, 0.035)) c = BLUE;
  // Padlock: a blue halo, then shackle and body in white, then the keyhole.
  if (inRoundRect(x, y, 0.52, 0.50, 0.94, 0.94, 0.08) || inRing(x, y, 0.73, 0.58, 0.0, 0.17)) c = BLUE;
  if (inRing(x, y, 0.73, 0.60, 0.075, 0.13) || (x >= 0.60 && x <= 0.655 && y >= 0.58 && y <= 0.64) || (x >= 0.805 && x <= 0.86 && y >= 0.58 && y <= 0.64)) c = WHITE;
  if (inRoundRect(x, y, 0.56, 0.62, 0.90, 0.90, 0.05)) c = WHITE;
  if (Math.hypot(x - 0.73, y - 0.73) <= 0.035 || (x >= 0.715 && x <= 0.745 && y >= 0.73 && y <= 0.82)) c = BLUE;
  return c;
}

export function drawIcon(size, samples = 4) {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a++;
        }
      }
      const o = (py * size + px) * 4;
      if (a) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (samples * samples));
      }
    }
  }
  return rgba;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync("assets", { recursive: true });
  for (const size of SIZES) {
    writeFileSync(`assets/icon-${size}.png`, encodePng(size, size, drawIcon(size)));
    console.log(`assets/icon-${size}.png`);
  }
}
