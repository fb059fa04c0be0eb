// What a file's bytes are when they are not UTF-8: where the first bad byte is (line and column,
// as an editor shows them), and whether the file is UTF-16, which editors on Windows still write.
import { inputError } from "../errors.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LF = 0x0a;
const CR = 0x0d;

/** Offset of the first byte of an invalid UTF-8 sequence (overlong forms, surrogates and truncation included). */
export function firstBadByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      const second = bytes[i + 1];
      if (second === undefined) return i;
      // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      if (second < lo || second > hi) return i;
      for (let k = 2; k < length; k++) {
        const next = bytes[i + k];
        if (next === undefined || next < 0x80 || next > 0xbf) return i;
      }
    }
    i += length;
  }
  return bytes.length;
}

/** Line breaks in `bytes`: `\n`, `\r\n` and a lone `\r`. */
export function lineBreaks(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) count++;
  // A lone `\r` breaks a line too (a `\r\n` was counted at its `\n`).
  for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] !== LF) count++;
  return count;
}

/** The UTF-16 byte order mark `bytes` start with, if any. */
function utf16Bom(bytes: Uint8Array): "UTF-16LE" | "UTF-16BE" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16LE";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16BE";
  return undefined;
}

/**
 * The input error for bytes that are not UTF-8: a UTF-16 file is named as
 * one; otherwise the first bad byte, at its line and column (counted from
 * `firstLine`) and its offset in the file (`offset` is where `bytes` start).
 */
export function notUtf8(bytes: Uint8Array, name: string, offset = 0, firstLine = 1) {
  const utf16 = offset === 0 ? utf16Bom(bytes) : undefined;
  if (utf16 !== undefined) {
    return inputError(
      `the file is ${utf16} (it starts with a UTF-16 byte order mark); chatml reads UTF-8: save it as UTF-8`,
      { file: name, line: 1, column: 1 },
    );
  }
  const bad = firstBadByte(bytes);
  const before = bytes.subarray(0, bad);
  // Everything before the bad byte is UTF-8: its last line's text gives the column.
  const lineStart = Math.max(before.lastIndexOf(LF), before.lastIndexOf(CR)) + 1;
  return inputError(`not UTF-8: the byte at offset ${offset + bad} is not valid UTF-8`, {
    file: name,
    line: firstLine + lineBreaks(before),
    column: UTF8.decode(before.subarray(lineStart)).length + 1,
  });
}
