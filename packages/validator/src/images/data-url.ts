/**
 * `data:` URLs as the WHATWG Fetch standard reads them ("data: URL processor"),
 * decoded a prefix at a time: an image's size is in its first bytes, and a 20 MB
 * data URL should not be decoded whole to find it. No Node API (no Buffer, no atob
 * typing needed): a small base64 decoder.
 */

/** A data URL, split; `body` is the text after the comma, fragment removed. */
export interface DataUrl {
  /** The media type as written, lowercased, without parameters (`image/png`; `` when absent). */
  readonly mediaType: string;
  readonly base64: boolean;
  /** Reads the first `count` bytes (fewer at the end of the data); `complete` when they are all of it. */
  readonly read: (count: number) => { readonly bytes: Uint8Array; readonly complete: boolean };
}

/** Why a data URL cannot be read, with the offset into the URL where it goes wrong. */
export interface DataUrlProblem {
  readonly problem: string;
  readonly offset: number;
}

const BASE64_FAST = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_CHAR = /[^A-Za-z0-9+/=]/;
const ASCII_WHITESPACE = /[\t\n\f\r ]/g;

/**
 * Splits a `data:` URL and checks its base64 text (every character, without
 * decoding it). `undefined` when `url` is not a data URL at all.
 *
 * @example
 * parseDataUrl("data:text/plain;base64,SGk=")?.read(2).bytes; // Uint8Array.of(72, 105)
 * parseDataUrl("data:,a%20b")?.read(10); // { bytes: Uint8Array.of(97, 32, 98), complete: true }
 * parseDataUrl("data:;base64,SGk*"); // { problem: 'the base64 data holds "*", which is not a base64 character', offset: 16 }
 * parseDataUrl("https://example.com/a.png"); // undefined
 */
export function parseDataUrl(url: string): DataUrl | DataUrlProblem | undefined {
  if (!/^data:/i.test(url)) return undefined;
  const comma = url.indexOf(",");
  if (comma < 0) return { problem: "a data URL needs a comma before its data", offset: url.length };
  const header = url.slice(5, comma);
  const params = header.split(";").map((p) => p.trim());
  const base64 = params.length > 1 && params[params.length - 1]?.toLowerCase() === "base64";
  const mediaType = (params[0] ?? "").toLowerCase();
  const hash = url.indexOf("#", comma);
  const bodyStart = comma + 1;
  const body = url.slice(bodyStart, hash < 0 ? url.length : hash);
  if (!base64) return { mediaType, base64, read: (count) => readPercentEncoded(body, count) };
  const text = BASE64_FAST.test(body) ? body : cleanBase64(body);
  const bad = checkBase64(text);
  if (bad !== undefined) {
    // Offsets in the cleaned text match the URL's only on the fast path; point at the data otherwise.
    return { problem: bad.problem, offset: text === body ? bodyStart + bad.offset : bodyStart };
  }
  return { mediaType, base64, read: (count) => readBase64(text, count) };
}

/** Percent-decoded, ASCII whitespace removed, as the Fetch standard does before base64. */
function cleanBase64(body: string): string {
  const decoded = body.includes("%")
    ? body.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : body;
  return decoded.replace(ASCII_WHITESPACE, "");
}

/** The Fetch standard's "forgiving-base64 decode" checks, without decoding. */
function checkBase64(text: string): { problem: string; offset: number } | undefined {
  const badAt = text.search(BASE64_CHAR);
  if (badAt >= 0) {
    const char = text.codePointAt(badAt) ?? 0;
    const shown = char >= 0x21 && char < 0x7f ? `"${String.fromCodePoint(char)}"` : `U+${hex(char)}`;
    return { problem: `the base64 data holds ${shown}, which is not a base64 character`, offset: badAt };
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const firstPad = text.indexOf("=");
  if (firstPad >= 0 && firstPad < text.length - padding) {
    return { problem: "the base64 data has '=' before its end", offset: firstPad };
  }
  if (padding > 0 && text.length % 4 !== 0) {
    return { problem: "the base64 data's padding does not complete a group of four", offset: firstPad };
  }
  if ((text.length - padding) % 4 === 1) {
    return { problem: "the base64 data ends with a lone character (truncated?)", offset: text.length - 1 };
  }
  return undefined;
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}

const SEXTETS = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** The first `count` bytes of checked base64 text (see `checkBase64`). */
function readBase64(text: string, count: number) {
  const end = text.endsWith("==") ? text.length - 2 : text.endsWith("=") ? text.length - 1 : text.length;
  const total = Math.floor((end * 3) / 4);
  const n = Math.min(count, total);
  const bytes = new Uint8Array(n);
  let out = 0;
  for (let i = 0; out < n; i += 4) {
    // Missing sextets at the end (no padding) read as 0; only the bytes they complete are kept.
    const a = SEXTETS[text.charCodeAt(i)] ?? 0;
    const b = i + 1 < end ? (SEXTETS[text.charCodeAt(i + 1)] ?? 0) : 0;
    const c = i + 2 < end ? (SEXTETS[text.charCodeAt(i + 2)] ?? 0) : 0;
    const d = i + 3 < end ? (SEXTETS[text.charCodeAt(i + 3)] ?? 0) : 0;
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = group >> 16;
    if (out < n) bytes[out++] = (group >> 8) & 0xff;
    if (out < n) bytes[out++] = group & 0xff;
  }
  return { bytes, complete: n === total };
}

/** The first `count` bytes of percent-encoded data: `%XX` is a byte, other text its UTF-8. */
function readPercentEncoded(body: string, count: number) {
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length && bytes.length < count) {
    const code = body.charCodeAt(i);
    if (code === 0x25 && /^[0-9A-Fa-f]{2}$/.test(body.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    const point = body.codePointAt(i) ?? code;
    // A lone surrogate is encoded as U+FFFD, as the URL standard's UTF-8 encode does.
    const scalar = point >= 0xd800 && point <= 0xdfff ? 0xfffd : point;
    bytes.push(...utf8(scalar));
    i += point > 0xffff ? 2 : 1;
  }
  return {
    bytes: Uint8Array.from(bytes.slice(0, count)),
    complete: i >= body.length && bytes.length <= count,
  };
}

function utf8(c: number): number[] {
  if (c < 0x80) return [c];
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 0x3f)];
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
}
