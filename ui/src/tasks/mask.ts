// A Vary (Region) mask as Midjourney reads it: a PNG the size of the
// picture, white where it should be repainted, black where it is kept.
// Made here from the strokes, without a canvas, so the same code runs in
// the window and in tests; the PNG is stored uncompressed (deflate's
// "stored" blocks): Rust checks and keeps it like any picture.

export interface Point { x: number; y: number }
export interface Stroke { points: Point[]; size: number; erase: boolean }

/** One byte a pixel: 255 repaint, 0 keep. */
export function rasterize(width: number, height: number, strokes: Stroke[], invert: boolean): Uint8Array {
  const pixels = new Uint8Array(width * height);
  const stamp = (cx: number, cy: number, radius: number, value: number) => {
    const r2 = radius * radius;
    for (let y = Math.max(0, Math.floor(cy - radius)); y <= Math.min(height - 1, Math.ceil(cy + radius)); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x <= Math.min(width - 1, Math.ceil(cx + radius)); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) pixels[y * width + x] = value;
      }
    }
  };
  for (const stroke of strokes) {
    const radius = Math.max(0.5, stroke.size / 2);
    const value = stroke.erase ? 0 : 255;
    const step = Math.max(1, radius / 2);
    stroke.points.forEach((point, i) => {
      const previous = stroke.points[i - 1] ?? point;
      const length = Math.hypot(point.x - previous.x, point.y - previous.y);
      const count = Math.max(1, Math.ceil(length / step));
      for (let s = 0; s <= count; s++) {
        stamp(previous.x + ((point.x - previous.x) * s) / count, previous.y + ((point.y - previous.y) * s) / count, radius, value);
      }
    });
  }
  if (invert) for (let i = 0; i < pixels.length; i++) pixels[i] = 255 - pixels[i];
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array([...type].map((c) => c.charCodeAt(0)).concat(Array.from(data)));
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** An 8-bit greyscale PNG of `pixels`. */
export function encodePng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const blocks: number[] = [0x78, 0x01];
  for (let at = 0; at < raw.length || at === 0; at += 65535) {
    const piece = raw.subarray(at, at + 65535);
    const last = at + 65535 >= raw.length ? 1 : 0;
    blocks.push(last, piece.length & 255, piece.length >>> 8, ~piece.length & 255, (~piece.length >>> 8) & 255);
    for (const b of piece) blocks.push(b);
    if (raw.length === 0) break;
  }
  blocks.push(...u32(adler32(raw)));
  const header = new Uint8Array([...u32(width), ...u32(height), 8, 0, 0, 0, 0]);
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk("IHDR", header),
    ...chunk("IDAT", new Uint8Array(blocks)),
    ...chunk("IEND", new Uint8Array()),
  ]);
}
