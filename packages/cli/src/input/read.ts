import type { Stats } from "node:fs";
import { constants, type FileHandle, open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError, usageError } from "../errors.js";
import { fsReason } from "../fs-reason.js";
import type { Io } from "../io.js";
import { notUtf8 } from "./encoding.js";
import { DEFAULT_MAX_FILE_SIZE, formatSize, MAX_FILE_SIZE_LIMIT } from "./size.js";

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
 * Reads a file (or stdin for `-`) as UTF-8, at most `io.maxFileSize` bytes.
 * A missing file, a directory, anything but a regular file (a FIFO would
 * block, /dev/zero never ends), a file over the limit or an unreadable file
 * is a usage error (exit 2); bytes that are not UTF-8 are invalid input
 * (exit 1), with the offset of the first bad byte.
 */
export async function readSource(io: Io, file: string, stdinName?: string): Promise<SourceText> {
  const limit = maxFileSize(io);
  if (file === "-") {
    const name = stdinName ?? "<stdin>";
    // On a terminal, reading stdin looks like a hang: say what is awaited (stderr, so stdout stays clean).
    if (io.stdinIsTTY)
      io.stderr.write(
        "chatml: reading stdin from the terminal; end it with Ctrl-D, or name a file (chatml help)\n",
      );
    return { name, path: undefined, text: decode(await readStdin(io, limit, name), name) };
  }
  const path = resolve(io.cwd, file);
  return { name: file, path, text: await readFileText(path, file, limit) };
}

/**
 * A regular file's text, at most `limit` bytes, refusing what readSource
 * refuses; `name` is how errors call it. For inputs and config files alike.
 */
export async function readFileText(path: string, name: string, limit: number): Promise<string> {
  let opened: { handle: FileHandle; size: number };
  try {
    opened = await openToRead(path, name, limit);
  } catch (error) {
    throw cannotRead(name, error);
  }
  try {
    return decode(await readAtMost(opened.handle, opened.size, limit, name), name);
  } catch (error) {
    throw cannotRead(name, error);
  } finally {
    await opened.handle.close();
  }
}

/** The limit in bytes on one input held in memory. */
export function maxFileSize(io: Io): number {
  return io.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
}

/**
 * Opens a regular file of at most `limit` bytes (Infinity for a streamed
 * dataset), refusing anything else without ever blocking: stat comes first,
 * and O_NONBLOCK makes even a FIFO swapped in since open at once (opening one
 * waits for a writer otherwise, a wait no signal handler can end). The
 * handle's own stat is what counts.
 */
export async function openToRead(
  path: string,
  file: string,
  limit: number,
): Promise<{ handle: FileHandle; size: number }> {
  refuseUnreadable(file, await stat(path), limit);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    refuseUnreadable(file, info, limit);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Refuses what chatml does not read as a file: a directory, a FIFO, a device,
 * a socket (only a regular file has an end and a size), or a file over
 * `limit` bytes (pass Infinity for a streamed dataset).
 */
export function refuseUnreadable(file: string, info: Stats, limit: number): void {
  if (info.isDirectory()) throw usageError(`${file} is a directory; name a file (lint takes folders)`);
  if (!info.isFile()) {
    throw usageError(
      `cannot read ${file}: it is ${fileType(info)}, not a regular file; to read a stream, pipe it to chatml and name the input - (stdin)`,
    );
  }
  if (info.size > limit) {
    const exact = info.size >= 1024 ? ` (${info.size} bytes)` : "";
    const what = `it is ${formatSize(info.size)}${exact}, over the ${formatSize(limit)} limit`;
    throw tooBig(file, what, limit, info.size);
  }
}

/** What a file that is not a regular file is, in words. */
export function fileType(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  // Callers pass what is no regular file, and links followed (a walk handles its links itself).
  return "of a kind chatml does not know";
}

/** The error for an input over the limit: `what` says by how much, `size` is its size if known. */
export function tooBig(name: string, what: string, limit: number, size?: number) {
  const needed = size === undefined ? Math.min(limit * 2, MAX_FILE_SIZE_LIMIT) : size;
  const hint =
    needed > MAX_FILE_SIZE_LIMIT
      ? `chatml holds at most ${formatSize(MAX_FILE_SIZE_LIMIT)} of one input (the longest text JavaScript holds)`
      : `raise the limit with --max-file-size ${Math.ceil(needed / 2 ** 20)}MiB`;
  return usageError(`cannot read ${name}: ${what}; ${hint}`);
}

/** All of stdin, but no more than `limit` bytes: reading stops there. */
async function readStdin(io: Io, limit: number, name: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of io.stdin()) {
    total += chunk.length;
    // Leaving the loop stops the stream: nothing more is read.
    if (total > limit) throw tooBig(name, `more than the ${formatSize(limit)} limit arrived`, limit);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** The whole file in one buffer sized by its stat, and a file that grows is still cut at `limit`. */
async function readAtMost(
  handle: FileHandle,
  size: number,
  limit: number,
  name: string,
): Promise<Uint8Array> {
  // One byte more than expected: reading it means the file grew.
  let buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > limit) throw tooBig(name, `it grew past the ${formatSize(limit)} limit while read`, limit);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
    if (bytesRead === 0) return buffer.subarray(0, total);
    total += bytesRead;
  }
}

/** A read that failed, as the usage error to report (a CliError stays as it is). */
export function cannotRead(file: string, error: unknown) {
  if (error instanceof CliError) return error;
  return usageError(`cannot read ${file}: ${fsReason(error, "read")}`);
}

/** UTF-8 bytes to text; says where the first byte that is not UTF-8 is. */
export function decode(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw notUtf8(bytes, name);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
