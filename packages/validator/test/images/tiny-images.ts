/**
 * Tiny images built byte by byte, for reading their sizes back: a PNG, GIF and
 * JPEG a decoder accepts (greyscale, every pixel 0), WebP headers of its three
 * kinds (VP8, VP8L, VP8X), and data-URL helpers.
 */
import { deflateSync } from "node:zlib";

const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function crc32(bytes: readonly number[]): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: readonly number[]): number[] {
  const body = [...ascii(type), ...data];
  return [...u32be(data.length), ...body, ...u32be(crc32(body))];
}

/** An 8-bit greyscale PNG, every pixel black. */
export function png(width: number, height: number): Uint8Array {
  const rows = new Uint8Array((width + 1) * height); // filter byte 0, then the row's pixels
  const ihdr = [...u32be(width), ...u32be(height), 8, 0, 0, 0, 0];
  return Uint8Array.from([
    0x89,
    ...ascii("PNG\r\n\x1a\n"),
    ...pngChunk("IHDR", ihdr),
    ...pngChunk("IDAT", [...deflateSync(rows)]),
    ...pngChunk("IEND", []),
  ]);
}

/**
 * A GIF89a of colour index 0. LZW with a 2-bit minimum code size: a clear code
 * before every second pixel keeps the code width at 3 bits.
 */
export function gif(width: number, height: number): Uint8Array {
  const codes: number[] = [];
  for (let i = 0; i < width * height; i++) {
    if (i % 2 === 0) codes.push(4); // clear
    codes.push(0);
  }
  codes.push(5); // end of information
  const packed: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const code of codes) {
    acc |= code << bits;
    bits += 3;
    while (bits >= 8) {
      packed.push(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) packed.push(acc & 0xff);
  const blocks: number[] = [];
  for (let i = 0; i < packed.length; i += 255) {
    const block = packed.slice(i, i + 255);
    blocks.push(block.length, ...block);
  }
  return Uint8Array.from([
    ...ascii("GIF89a"),
    ...u16le(width),
    ...u16le(height),
    0x80, // a global colour table of 2 entries
    0,
    0,
    ...[0, 0, 0, 255, 255, 255],
    0x2c,
    ...u16le(0),
    ...u16le(0),
    ...u16le(width),
    ...u16le(height),
    0,
    2, // LZW minimum code size
    ...blocks,
    0,
    0x3b,
  ]);
}

function segment(marker: number, data: readonly number[]): number[] {
  return [0xff, marker, ...u16be(data.length + 2), ...data];
}

/**
 * A baseline greyscale JPEG, every block flat: one Huffman code ("0") for DC
 * category 0 and one for end-of-block, so each 8x8 block is two bits.
 * `paddingBytes` of COM segments before the frame header push it past the
 * first bytes a reader looks at; `exif` adds an APP1 Exif segment.
 */
export function jpeg(width: number, height: number, options: { paddingBytes?: number } = {}): Uint8Array {
  const padding: number[] = [];
  for (let left = options.paddingBytes ?? 0; left > 0; left -= 65533) {
    padding.push(...segment(0xfe, new Array(Math.min(left, 65533)).fill(0x20)));
  }
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan: number[] = [];
  for (let bit = 0; bit < blocks * 2; bit += 8) {
    const used = Math.min(8, blocks * 2 - bit);
    scan.push(0xff >> used); // zeros for the codes, then ones to fill the byte
  }
  const oneCode = (tableClassAndId: number) => [tableClassAndId, 1, ...new Array(15).fill(0), 0];
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xe0, [...ascii("JFIF"), 0, 1, 1, 0, ...u16be(1), ...u16be(1), 0, 0]),
    ...padding,
    ...segment(0xdb, [0, ...new Array(64).fill(1)]),
    ...segment(0xc0, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCode(0x00)),
    ...segment(0xc4, oneCode(0x10)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...scan,
    0xff,
    0xd9,
  ]);
}

function riff(chunk: string, data: readonly number[]): Uint8Array {
  const body = [...ascii("WEBP"), ...ascii(chunk), ...u32le(data.length), ...data];
  if (data.length % 2 === 1) body.push(0);
  return Uint8Array.from([...ascii("RIFF"), ...u32le(body.length), ...body]);
}

/** WebP headers: lossy (VP8 key frame), lossless (VP8L) and extended (VP8X). */
export const webp = {
  lossy(width: number, height: number): Uint8Array {
    return riff("VP8 ", [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...u16le(width), ...u16le(height), 0, 0]);
  },
  lossless(width: number, height: number): Uint8Array {
    const bits = (width - 1) | ((height - 1) << 14); // 14 bits each, then alpha and version 0
    return riff("VP8L", [0x2f, ...u32le(bits), 0, 0, 0, 0, 0]);
  },
  extended(width: number, height: number): Uint8Array {
    return riff("VP8X", [0, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]);
  },
};

/** Known 1x1 WebP files, as feature tests for browser support have used them. */
export const WEBP_1X1 = {
  lossy: "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA",
  lossless: "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==",
};

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

export function dataUrl(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${base64(bytes)}`;
}

/** Every byte as %XX: the percent-encoded form of a data URL. */
export function percentDataUrl(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType},${[...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")}`;
}
