import { describe, expect, it } from "vitest";
import { inflateSync } from "node:zlib";
import { encodePng, rasterize } from "./mask";

/** Reads back the greyscale PNG `encodePng` writes (one IDAT, filter 0). */
function decode(png: Uint8Array): { width: number; height: number; pixels: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset);
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const idatLength = view.getUint32(33);
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, pixels };
}

describe("the Vary (Region) mask", () => {
  it("is a PNG whose painted area is white and the rest black", () => {
    const strokes = [{ points: [{ x: 10, y: 10 }, { x: 50, y: 10 }], size: 8, erase: false }];
    const { width, height, pixels } = decode(encodePng(64, 32, rasterize(64, 32, strokes, false)));
    expect([width, height]).toEqual([64, 32]);
    expect(pixels[10 * 64 + 30]).toBe(255);
    expect(pixels[10 * 64 + 10]).toBe(255);
    expect(pixels[25 * 64 + 30]).toBe(0);
    expect(pixels[10 * 64 + 60]).toBe(0);
  });

  it("rubs out with the eraser and flips with invert", () => {
    const paint = { points: [{ x: 0, y: 5 }, { x: 63, y: 5 }], size: 6, erase: false };
    const rub = { points: [{ x: 32, y: 5 }], size: 6, erase: true };
    const pixels = rasterize(64, 16, [paint, rub], false);
    expect(pixels[5 * 64 + 10]).toBe(255);
    expect(pixels[5 * 64 + 32]).toBe(0);
    const inverted = rasterize(64, 16, [paint, rub], true);
    expect(inverted[5 * 64 + 10]).toBe(0);
    expect(inverted[12 * 64 + 10]).toBe(255);
  });

  it("spans several stored blocks for a full-size picture", () => {
    const strokes = [{ points: [{ x: 500, y: 500 }], size: 100, erase: false }];
    const { pixels } = decode(encodePng(1024, 1024, rasterize(1024, 1024, strokes, false)));
    expect(pixels[500 * 1024 + 500]).toBe(255);
    expect(pixels[10]).toBe(0);
  });
});
