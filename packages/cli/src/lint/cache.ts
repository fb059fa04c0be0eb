import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { usageError } from "../errors.js";
import { visible } from "../format/visible.js";
import { SIDECAR } from "../input/template.js";
import type { Io } from "../io.js";
import { CACHE_FILE } from "./cache-location.js";
import type { LintMessage, ReportPart } from "./types.js";

/** At most this many files are kept: every file of the run, then others of earlier runs that still exist. */
export const MAX_CACHE_ENTRIES = 5000;

const FORMAT = "chatmlkit-lint-cache";
const FORMAT_VERSION = 1;

/** A file's report as the cache stores it: plain JSON (a part's lines as [number, text] pairs). */
interface StoredPart {
  readonly messages: readonly LintMessage[];
  readonly source?: string;
  readonly lines?: readonly (readonly [number, string])[];
}

/** What lint found in one file: its report, and whether it was linted at all (a walked file may not be). */
export interface CachedFile {
  /** Hash of the file's bytes and of everything else that changes its report (see LintCache.keyOf). */
  readonly key: string;
  readonly linted: boolean;
  readonly parts: readonly StoredPart[];
}

interface CacheData {
  readonly format: typeof FORMAT;
  readonly version: typeof FORMAT_VERSION;
  readonly entries: Record<string, CachedFile>;
}

/**
 * Lint's cache (`--cache`): per file, keyed by a sha256 of its bytes (read
 * streamed: a dataset is never held) and of what else changes its report:
 * the effective settings (rule levels included), the CLI version, the kind
 * the file is read as, its name in the report, whether a walk found it, and
 * whether line text is kept (code frames, fingerprints). A hit replays the
 * stored report parts, so the output is the same byte for byte.
 *
 * The file is written atomically (a temporary file, then a rename); a cache
 * of another format version, or damaged, is ignored with a note and
 * rewritten; a file that is no lint cache is refused, never overwritten.
 */
export class LintCache {
  readonly #entries: Map<string, CachedFile>;
  readonly #seen = new Map<string, CachedFile>();

  private constructor(
    /** The cache file's absolute path. */
    readonly file: string,
    readonly context: string,
    entries: Map<string, CachedFile>,
  ) {
    this.#entries = entries;
  }

  /**
   * Opens the cache at `location` (a file, or a folder that exists or ends with
   * `/`, holding CACHE_FILE), relative to the working directory. `context` is
   * what every file's report depends on besides its bytes (see contextOf).
   */
  static async open(io: Io, location: string, context: unknown): Promise<LintCache> {
    const file = await cacheFile(io.cwd, location);
    const hash = sha256(JSON.stringify(context));
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not there (or a file where a folder of its path should be): no cache yet; save says if it cannot be made.
      if (code !== "ENOENT" && code !== "ENOTDIR")
        note(io, file, `it could not be read (${code ?? (error as Error).message})`);
      return new LintCache(file, hash, new Map());
    }
    const entries = parseCache(text);
    // A file that is no cache of ours at all may be the user's (a mistyped --cache-location): never overwritten.
    if (entries === "foreign")
      throw usageError(
        `--cache-location ${shown(io, file)} is a file that is not a chatml lint cache; it is left as it is: delete it, or name another file or a folder`,
      );
    if (entries === undefined) note(io, file, "another version of chatml wrote it, or it is damaged");
    return new LintCache(file, hash, entries ?? new Map());
  }

  /**
   * The key of a file's report: a sha256 of its bytes, streamed, and of the
   * context, the kind, the name it is reported under and whether a walk found
   * it; with its size (for the progress bar). Throws when it cannot be read.
   */
  async keyOf(
    io: Io,
    file: string,
    kind: string,
    name: string,
    walked: boolean,
  ): Promise<{ key: string; bytes: number }> {
    const { hash: content, bytes } = await hashFile(resolve(io.cwd, file));
    // A template's sidecar of variables changes its report too.
    const sidecar = await hashFile(resolve(io.cwd, file) + SIDECAR).then(
      (h) => h.hash,
      () => null,
    );
    const key = sha256(JSON.stringify([this.context, kind, name, walked, content, sidecar]));
    return { key, bytes };
  }

  /** The file's cached report, if its key matches. */
  get(file: string, key: string): CachedFile | undefined {
    const entry = this.#entries.get(file);
    if (entry?.key !== key) return undefined;
    this.#seen.set(file, entry);
    return entry;
  }

  /** Keeps a file's report (its parts as reported, with the file's own name). */
  set(file: string, key: string, linted: boolean, parts: readonly ReportPart[]): void {
    this.#seen.set(file, { key, linted, parts: parts.map(stored) });
  }

  /**
   * Writes the cache: every file of this run, then those of earlier runs whose
   * files still exist, at most MAX_CACHE_ENTRIES. A cache that cannot be
   * written is said on stderr; the run's result stands.
   */
  async save(io: Io): Promise<void> {
    const entries: Record<string, CachedFile> = {};
    let count = 0;
    for (const [file, entry] of this.#seen) {
      if (count++ >= MAX_CACHE_ENTRIES) break;
      entries[file] = entry;
    }
    for (const [file, entry] of this.#entries) {
      if (count >= MAX_CACHE_ENTRIES) break;
      if (this.#seen.has(file) || !(await exists(file))) continue;
      entries[file] = entry;
      count++;
    }
    const data: CacheData = { format: FORMAT, version: FORMAT_VERSION, entries };
    const temporary = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(temporary, JSON.stringify(data));
      await rename(temporary, this.file);
    } catch (error) {
      await unlink(temporary).catch(() => {});
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr.write(
        `${visible(`chatml: could not write the lint cache ${shown(io, this.file)} (${code ?? (error as Error).message})`)}\n`,
      );
    }
  }
}

/** A stored part back as a report part, under the name the file has in this run. */
export function replayed(filePath: string, part: StoredPart): ReportPart {
  return {
    filePath,
    messages: part.messages,
    ...(part.source !== undefined && { source: part.source }),
    ...(part.lines !== undefined && { lines: new Map(part.lines) }),
  };
}

function stored(part: ReportPart): StoredPart {
  return {
    messages: part.messages,
    ...(part.source !== undefined && { source: part.source }),
    ...(part.lines !== undefined && { lines: [...part.lines] }),
  };
}

/** The cache file for a location: the location itself, or CACHE_FILE inside it when it is a folder. */
async function cacheFile(cwd: string, location: string): Promise<string> {
  const path = resolve(cwd, location);
  if (/[\\/]$/.test(location)) return join(path, CACHE_FILE);
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? join(path, CACHE_FILE) : path;
}

/**
 * The entries of a cache file's text: undefined when it is a cache of another
 * format version or damaged (rewritten), "foreign" when it is no lint cache.
 */
function parseCache(text: string): Map<string, CachedFile> | "foreign" | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "foreign";
  }
  if (typeof data !== "object" || data === null) return "foreign";
  const { format, version, entries } = data as Partial<CacheData>;
  if (format !== FORMAT) return "foreign";
  if (version !== FORMAT_VERSION) return undefined;
  if (typeof entries !== "object" || entries === null || Array.isArray(entries)) return undefined;
  const map = new Map<string, CachedFile>();
  for (const [file, entry] of Object.entries(entries)) {
    if (!isEntry(entry)) return undefined;
    map.set(file, entry);
  }
  return map;
}

/** Shape checks of an entry, enough that replaying it cannot throw. */
function isEntry(entry: unknown): entry is CachedFile {
  if (typeof entry !== "object" || entry === null) return false;
  const { key, linted, parts } = entry as Partial<CachedFile>;
  if (typeof key !== "string" || typeof linted !== "boolean" || !Array.isArray(parts)) return false;
  return parts.every(
    (p: Partial<StoredPart>) =>
      typeof p === "object" &&
      p !== null &&
      Array.isArray(p.messages) &&
      p.messages.every(isMessage) &&
      (p.source === undefined || typeof p.source === "string") &&
      (p.lines === undefined ||
        (Array.isArray(p.lines) &&
          p.lines.every((l) => Array.isArray(l) && typeof l[0] === "number" && typeof l[1] === "string"))),
  );
}

function isMessage(m: unknown): boolean {
  if (typeof m !== "object" || m === null) return false;
  const { ruleId, severity, message, line, column, endLine, endColumn } = m as Partial<LintMessage>;
  return (
    typeof ruleId === "string" &&
    (severity === 1 || severity === 2) &&
    typeof message === "string" &&
    [line, column, endLine, endColumn].every((n) => Number.isInteger(n))
  );
}

/** sha256 of a file's bytes, read streamed (1 MiB at a time), and how many there are. */
async function hashFile(path: string): Promise<{ hash: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const data of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(data);
    bytes += data.length;
  }
  return { hash: hash.digest("hex"), bytes };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

function note(io: Io, file: string, why: string): void {
  io.stderr.write(
    `${visible(`chatml: ignored the lint cache ${shown(io, file)}: ${why}; it will be rewritten`)}\n`,
  );
}

/** The cache file as the user would write it: relative to the working directory when inside it. */
function shown(io: Io, file: string): string {
  const path = relative(io.cwd, file);
  return path.startsWith("..") || path === "" ? file : path;
}
