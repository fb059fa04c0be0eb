import { constants } from "node:buffer";
import { usageError } from "../errors.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * The most bytes chatml holds in memory for one input (`--max-file-size`): a
 * file or stdin read whole, or one line of a streamed dataset. A 250 MB
 * messages file compiles in ~6 s with a 1.2 GB peak; twice that is still
 * under Node's default heap, and far above any prompt or example.
 */
export const DEFAULT_MAX_FILE_SIZE = 256 * MiB;

/**
 * The largest `--max-file-size`: the longest string V8 holds (2^29 - 24 UTF-16
 * units). A UTF-8 input never decodes to more units than it has bytes, so any
 * input within this bound decodes.
 */
export const MAX_FILE_SIZE_LIMIT: number = constants.MAX_STRING_LENGTH;

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: KiB,
  kib: KiB,
  kb: 1000,
  m: MiB,
  mib: MiB,
  mb: 1000 ** 2,
  g: GiB,
  gib: GiB,
  gb: 1000 ** 3,
};

/**
 * `--max-file-size`'s value in bytes: a number of bytes, or with a unit as
 * coreutils reads one (K, M, G and KiB, MiB, GiB are powers of 1024; KB, MB,
 * GB powers of 1000).
 */
export function parseSize(value: unknown, flag = "--max-file-size"): number {
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = match ? UNITS[(match[2] as string).toLowerCase()] : undefined;
  if (match === null || unit === undefined) {
    throw usageError(`${flag} takes a size such as 64MiB, 512K or 1000000 (bytes), got "${text}"`);
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < 1) throw usageError(`${flag} must be at least 1 byte, got "${text}"`);
  if (bytes > MAX_FILE_SIZE_LIMIT) {
    throw usageError(
      `${flag} can be at most ${MAX_FILE_SIZE_LIMIT} bytes (just under 512 MiB), the longest text JavaScript holds; got "${text}"`,
    );
  }
  return bytes;
}

/** Bytes as people read them: "256 MiB", "1.5 KiB", "12 bytes". */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ["GiB", GiB],
    ["MiB", MiB],
    ["KiB", KiB],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}
