import { resolve } from "node:path";
import type { CliError } from "../errors.js";
import { lineBreaks, notUtf8 } from "../input/encoding.js";
import { cannotRead, maxFileSize, openToRead, tooBig } from "../input/read.js";
import { formatSize } from "../input/size.js";
import type { Io } from "../io.js";

/** One line of a JSONL file: its 1-based number and text (without the line break). */
export interface Line {
  readonly number: number;
  readonly text: string;
}

/**
 * A run of whole lines of a file, still as bytes: cheap to hand to a worker
 * thread (bytes moved to it, not strings decoded on this thread's heap).
 */
export interface LineChunk {
  /** 1-based number of the chunk's first line. */
  readonly firstLine: number;
  /** Byte offset of the chunk in the file. */
  readonly offset: number;
  /** Whole lines, with their line breaks; a buffer of its own, so it can be transferred. */
  readonly bytes: Uint8Array;
}

/** About this many bytes per chunk: small enough to spread over workers, large enough to be cheap. */
const CHUNK_BYTES = 256 * 1024;
const LF = 0x0a;

/**
 * The file (or stdin for `-`) in chunks of whole lines, streamed: memory stays
 * bounded whatever the file size. Lines break at `\n`, `\r\n` or a lone `\r`.
 * A line is held whole until its `\n` arrives, so one longer than
 * `io.maxFileSize` (or a stream with no `\n`, like /dev/zero) is refused
 * there, and reading stops. The file must be a regular file.
 */
export async function* readLineChunks(
  io: Io,
  file: string,
  name = file === "-" ? "<stdin>" : file,
): AsyncGenerator<LineChunk> {
  const limit = maxFileSize(io);
  const handle = file === "-" ? undefined : await openDataset(io, file);
  const input: AsyncIterable<Uint8Array> =
    handle?.createReadStream({ highWaterMark: CHUNK_BYTES }) ?? io.stdin();
  // Bytes read since the last cut; joined only once a line break arrives, so a huge line costs O(n).
  let pending: Uint8Array[] = [];
  // Bytes since the last `\n`: the line being read.
  let open = 0;
  let firstLine = 1;
  let offset = 0;
  for await (const data of input) {
    // Every line's length, the one still open included: a line is held whole until it ends.
    let from = 0;
    for (let at = data.indexOf(LF); ; at = data.indexOf(LF, from)) {
      const length = (from === 0 ? open : 0) + (at < 0 ? data.length : at) - from;
      if (length > limit) {
        const line = firstLine + [...pending, data.subarray(0, from)].reduce((n, p) => n + lineBreaks(p), 0);
        const what = `line ${line} is longer than the ${formatSize(limit)} limit (a dataset is streamed, but each line is held whole)`;
        throw tooBig(name, what, limit);
      }
      if (at < 0) break;
      from = at + 1;
    }
    open = (from === 0 ? open : 0) + data.length - from;
    pending.push(data);
    if (from === 0) continue;
    const buffer = pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending);
    let start = 0;
    for (;;) {
      const end = cutPoint(buffer, start);
      if (end < 0) break;
      // A copy with its own buffer: a view would carry (and a transfer would take) the whole buffer under it.
      const bytes = new Uint8Array(buffer.subarray(start, end));
      const chunk = { firstLine, offset, bytes };
      // counted before the chunk is handed on: a transfer to a worker empties `bytes`
      firstLine += lineBreaks(bytes);
      offset += bytes.length;
      yield chunk;
      start = end;
    }
    pending = start < buffer.length ? [buffer.subarray(start)] : [];
  }
  const rest = Buffer.concat(pending);
  if (rest.length > 0) yield { firstLine, offset, bytes: new Uint8Array(rest) };
}

/** Opens a dataset file: a regular file of any size (it is streamed). */
async function openDataset(io: Io, file: string) {
  try {
    return (await openToRead(resolve(io.cwd, file), file, Number.POSITIVE_INFINITY)).handle;
  } catch (error) {
    throw cannotRead(file, error);
  }
}

/** The lines of a file (or stdin for `-`), streamed. Each line must be UTF-8. */
export async function* readLines(io: Io, file: string, name: string): AsyncGenerator<Line> {
  for await (const chunk of readLineChunks(io, file, name)) yield* linesOf(chunk, name);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** For a line that is not UTF-8: its text with U+FFFD for the bad bytes, to judge, never to report. */
const LOSSY = new TextDecoder("utf-8", { ignoreBOM: true });
const BREAK = /\r\n|\n|\r/;
const CR = 0x0d;

/** A line of a chunk whose bytes are not UTF-8: what to report, at its line and column. */
export interface BadLine extends Line {
  readonly notUtf8: CliError;
}

/**
 * A chunk's lines, decoded. Bytes that are not UTF-8 are an input error that
 * names the line and the byte's offset in the file (the first such line's).
 */
export function linesOf(chunk: LineChunk, name: string): Line[] {
  const lines = decodeLines(chunk, name);
  const bad = lines.find((line): line is BadLine => "notUtf8" in line);
  if (bad !== undefined) throw bad.notUtf8;
  return lines;
}

/**
 * A chunk's lines, decoded, each on its own when the chunk is not all UTF-8:
 * a line with bytes that are not UTF-8 comes back as a BadLine (its error at
 * the first bad byte's line, column and file offset), and the others as
 * usual, so one bad byte hides nothing else in the file.
 */
export function decodeLines(chunk: LineChunk, name: string): (Line | BadLine)[] {
  let text: string | undefined;
  try {
    text = UTF8.decode(chunk.bytes);
  } catch {
    return lineByLine(chunk, name);
  }
  if (chunk.offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const texts = text.split(BREAK);
  // The chunk's last line break ends its last line; it does not start another.
  if (texts.length > 1 && texts[texts.length - 1] === "") texts.pop();
  return texts.map((line, i) => ({ number: chunk.firstLine + i, text: line }));
}

/** The slow path of decodeLines: lines split as bytes (a break is never inside a UTF-8 sequence), each decoded. */
function lineByLine(chunk: LineChunk, name: string): (Line | BadLine)[] {
  const { bytes } = chunk;
  const lines: (Line | BadLine)[] = [];
  let start = 0;
  const push = (end: number) => {
    const number = chunk.firstLine + lines.length;
    const line = bytes.subarray(start, end);
    try {
      let text = UTF8.decode(line);
      if (chunk.offset === 0 && start === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      lines.push({ number, text });
    } catch {
      lines.push({
        number,
        text: LOSSY.decode(line),
        notUtf8: notUtf8(line, name, chunk.offset + start, number),
      });
    }
  };
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at];
    if (byte !== LF && byte !== CR) continue;
    push(at);
    if (byte === CR && bytes[at + 1] === LF) at++;
    start = at + 1;
  }
  if (start < bytes.length || lines.length === 0) push(bytes.length);
  return lines;
}

/** Whether a file's first bytes are a UTF-16 byte order mark (its lines would be nothing but noise). */
export function startsUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Whether a line of the chunk passes `test` (its text decoded with U+FFFD for
 * bytes that are not UTF-8): true at the first that does, false when none
 * of its lines that are not blank does, undefined when all are blank. How a
 * walk judges a dataset by its start, without reading it twice.
 */
export function someLine(chunk: LineChunk, test: (text: string) => boolean): boolean | undefined {
  let blank = true;
  for (const text of LOSSY.decode(chunk.bytes).split(BREAK)) {
    if (text.trim() === "" || text === "\ufeff") continue;
    if (test(text.replace(/^\ufeff/, ""))) return true;
    blank = false;
  }
  return blank ? undefined : false;
}

/**
 * Where the chunk that starts at `start` should end: just after the last `\n`
 * within CHUNK_BYTES (or after the first `\n` past it, for a longer line);
 * -1 when the rest holds no whole chunk yet. Cutting after `\n` never splits a
 * `\r\n` or a UTF-8 sequence.
 */
function cutPoint(buffer: Uint8Array, start: number): number {
  if (buffer.length - start < CHUNK_BYTES) return -1;
  const last = buffer.lastIndexOf(LF, start + CHUNK_BYTES - 1);
  if (last >= start) return last + 1;
  const next = buffer.indexOf(LF, start + CHUNK_BYTES);
  return next < 0 ? -1 : next + 1;
}

/** Line breaks in the bytes, counted as `BREAK` splits them. */
