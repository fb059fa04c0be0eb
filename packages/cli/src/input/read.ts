import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { inputError, usageError } from "../errors.js";
import type { Io } from "../io.js";

/** An input as read: its display name, absolute path (none for stdin) and text. */
export interface SourceText {
  /** What reports call it: the path as given, or `--stdin-filename`, or `<stdin>`. */
  readonly name: string;
  /** Absolute path, for files; used to refuse writing over an input. */
  readonly path: string | undefined;
  /** The text, without a leading byte-order mark (editors do not count it as a column). */
  readonly text: string;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads a file (or stdin for `-`) as UTF-8. A missing file, a directory or an
 * unreadable file is a usage error (exit 2); bytes that are not UTF-8 are
 * invalid input (exit 1), with the offset of the first bad byte.
 */
export async function readSource(io: Io, file: string, stdinName?: string): Promise<SourceText> {
  if (file === "-") {
    const name = stdinName ?? "<stdin>";
    return { name, path: undefined, text: decode(await io.readStdin(), name) };
  }
  const path = resolve(io.cwd, file);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw usageError(`cannot read ${file}: ${reason(error)}`);
  }
  if (info.isDirectory()) throw usageError(`${file} is a directory; name a file (lint takes folders)`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw usageError(`cannot read ${file}: ${reason(error)}`);
  }
  return { name: file, path, text: decode(bytes, file) };
}

/** UTF-8 bytes to text; says where the first byte that is not UTF-8 is. */
export function decode(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw inputError(`not UTF-8: the byte at offset ${firstBadByte(bytes)} is not valid UTF-8`, {
      file: name,
    });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

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

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return (error as Error).message;
}
