import type { Dirent, Stats } from "node:fs";
import { lstat, readdir, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { CONFIG_FILES } from "../config.js";
import { usageError } from "../errors.js";
import { visible } from "../format/visible.js";
import type { InputKind } from "../input/kind.js";
import { fileType, maxFileSize, refuseUnreadable } from "../input/read.js";
import { formatSize } from "../input/size.js";
import type { Io } from "../io.js";
import { type GitIgnores, gitIgnores } from "./gitignore.js";

/** Globs and the folder they are relative to (a config's folder, or the working directory). */
export interface PatternSet {
  readonly base: string;
  readonly patterns: readonly string[];
}

/** How lint's arguments become files. */
export interface FindOptions {
  /** Globs of files to leave out of walks and globs: the config's `ignore`, `--ignore-pattern`. */
  readonly ignore: readonly PatternSet[];
  /** What a folder walk includes (the config's `files`); else WALKED_BY_DEFAULT. */
  readonly files?: PatternSet;
  /** Whether .gitignore files leave files out (`--no-gitignore`: no). */
  readonly gitignore: boolean;
  /** Whether an argument that matches no file is a usage error (`--no-error-on-unmatched-pattern`: no). */
  readonly errorOnUnmatched: boolean;
  /** What each file is read as: datasets are streamed, so not held to `--max-file-size` as a whole. */
  readonly kind: (file: string) => InputKind;
}

/** A file to lint: its path as the user would write it, and whether a folder walk found it (not named, nor globbed). */
export interface FoundFile {
  readonly file: string;
  /** A walked JSON or JSONL file is linted only if it holds a conversation (decided as it is read). */
  readonly walked: boolean;
}

/** Lint's inputs, and how many files the folder walks found and left out by name. */
export interface Found {
  readonly files: FoundFile[];
  readonly skipped: number;
}

/** What a folder walk includes when the config has no `files`: extensions in any case. */
export const WALKED_BY_DEFAULT: readonly string[] = ["**/*.chatml", "**/*.json", "**/*.jsonl", "**/*.ndjson"];

/** Left out of every walk and glob, whatever the flags: dependencies, git's own folder, chatml's configs. */
const ALWAYS_IGNORED = new Set(["node_modules", ".git"]);

/**
 * Expands lint's arguments to files, in the order given: `-` is stdin, a path
 * to a file is that file (always linted, ignores or not), a folder is walked,
 * anything else is a glob (walked from its folder, the part before its first
 * wildcard, and matched against the path from there).
 *
 * A folder walk takes the files the config's `files` names (by default
 * `.chatml`, `.json`, `.jsonl` and `.ndjson`, extensions in any case); the
 * other files it finds are counted as skipped. Walks and globs leave out
 * hidden files and folders (unless a pattern names them), node_modules,
 * .git, config files, what .gitignore files say (nested ones and negations
 * included, from the repository root down) and the ignore globs.
 *
 * A walk lints regular files, and symbolic links to regular files inside the
 * folder walked; it never enters a linked folder (its files inside the walk
 * are linted by their own paths, so a loop of links is walked once). A link
 * that leads out of the folder, to nothing, or to something not a regular
 * file (a FIFO, a device) is skipped with a note on stderr: a walk must not
 * read /proc/self/environ because a link in the folder names it. A path named
 * on the command line is read as named, links followed, and must be a
 * regular file. Every file read whole (all but datasets) must be within
 * `--max-file-size`: checked here, before any is read (a walked JSON file
 * over it is skipped with a note instead: it may be no prompt at all).
 */
export async function findFiles(io: Io, args: readonly string[], options: FindOptions): Promise<Found> {
  const { cwd } = io;
  const limit = maxFileSize(io);
  const seen = new Map<string, { walked: boolean }>();
  const files: { file: string; walked: boolean }[] = [];
  let skipped = 0;
  const add = (file: string, walked: boolean, info?: Stats) => {
    const key = file === "-" ? "-" : resolve(cwd, file);
    const known = seen.get(key);
    if (known !== undefined) {
      if (!walked) known.walked = false; // named too: linted whatever it holds
      return true;
    }
    if (info !== undefined) {
      const kind = options.kind(file);
      const dataset = kind === "jsonl";
      if (walked && kind === "json" && info.isFile() && info.size > limit) {
        // Maybe no prompt at all (a big fixture): said, not an error; a transcript is always linted, so refused.
        const why = `it is ${formatSize(info.size)}, over the ${formatSize(limit)} limit; name it with a higher --max-file-size to lint it`;
        io.stderr.write(`${visible(`chatml: skipped ${file}: ${why}`)}\n`);
        skipped++;
        return false;
      }
      refuseUnreadable(file, info, dataset ? Number.POSITIVE_INFINITY : limit);
    }
    const entry = { file, walked };
    seen.set(key, entry);
    files.push(entry);
    return true;
  };
  const ignored = ignoreMatcher(options.ignore);
  for (const arg of args) {
    if (arg === "-") {
      add(arg, false);
      continue;
    }
    const info = await stat(resolve(cwd, arg)).catch(() => undefined);
    if (info !== undefined && !info.isDirectory()) {
      add(arg, false, info); // named explicitly: linted even if an ignore glob matches; must be a regular file
      continue;
    }
    const isFolder = info !== undefined;
    const scan = isFolder ? undefined : picomatch.scan(arg);
    if (scan !== undefined && !scan.isGlob) {
      // A path that is not there, and no glob: nothing to walk.
      if (options.errorOnUnmatched) throw usageError(`no files matched ${arg}`);
      continue;
    }
    const folder = isFolder ? arg : scan?.base || ".";
    const root = resolve(cwd, folder);
    const select = isFolder ? folderSelection(options.files, root) : globSelection(scan?.glob ?? "", root);
    const gitignore = options.gitignore ? await gitIgnores(root) : undefined;
    const realRoot = await realpath(root).catch(() => root);
    const shown = (path: string) => (isAbsolute(arg) ? path : relative(cwd, path));
    const found: string[] = [];
    await walk(root, root, { select, ignored, gitignore, hidden: select.hidden }, (path, entry) => {
      if (select.test(path)) found.push(path);
      else if (isFolder && entry.isFile()) skipped++;
    });
    let kept = 0;
    for (const path of found.sort()) {
      const file = shown(path);
      const verdict = await walked(path, realRoot, folder);
      // The file's name and a link's target are anyone's text: shown escaped, never obeyed by the terminal.
      if (typeof verdict === "string") io.stderr.write(`${visible(`chatml: skipped ${file}: ${verdict}`)}\n`);
      else if (verdict !== undefined && add(file, isFolder, verdict)) kept++;
    }
    if (kept === 0 && options.errorOnUnmatched) throw usageError(`no files matched ${arg}`);
  }
  return { files, skipped };
}

/** Which paths under a walk's root it takes, and whether hidden entries are looked into. */
interface Selection {
  readonly test: (path: string) => boolean;
  /** Whether a pattern names hidden files or folders (else the walk does not enter them). */
  readonly hidden: boolean;
}

/** A folder walk's selection: the config's `files` (relative to its folder), or WALKED_BY_DEFAULT. */
function folderSelection(files: PatternSet | undefined, root: string): Selection {
  const patterns = files?.patterns ?? WALKED_BY_DEFAULT;
  const base = files?.base ?? root;
  const match = picomatch([...patterns], { dot: false, nocase: files === undefined });
  return {
    test: (path) => {
      const from = relative(base, path);
      return !from.startsWith("..") && !isAbsolute(from) && match(toPosix(from));
    },
    hidden: patterns.some(namesHidden),
  };
}

/** A glob's selection: its wildcard part, matched from the folder before it. */
function globSelection(glob: string, root: string): Selection {
  const match = picomatch(glob, { dot: false });
  return { test: (path) => match(toPosix(relative(root, path))), hidden: namesHidden(glob) };
}

/** Whether a glob has a segment that starts with a dot (`.github/**`, `**\/.prompts/*`). */
const namesHidden = (glob: string) => /(^|\/)\.[^./]/.test(glob);

/** Whether an ignore glob (the config's, relative to its folder; --ignore-pattern's, to the working directory) leaves a file out. */
function ignoreMatcher(sets: readonly PatternSet[]): (path: string) => boolean {
  const matchers = sets
    .filter((s) => s.patterns.length > 0)
    .map((s) => ({ base: s.base, match: picomatch([...s.patterns], { dot: true }) }));
  const configs = new Set(CONFIG_FILES);
  return (path) => {
    if (configs.has(path.slice(path.lastIndexOf(sep) + 1))) return true;
    return matchers.some(({ base, match }) => {
      const from = relative(base, path);
      if (from.startsWith("..") || isAbsolute(from)) return false;
      // A glob that names a folder leaves out everything in it.
      const parts = toPosix(from).split("/");
      for (let n = parts.length; n > 0; n--) if (match(parts.slice(0, n).join("/"))) return true;
      return false;
    });
  };
}

interface WalkContext {
  readonly select: Selection;
  readonly ignored: (path: string) => boolean;
  readonly gitignore: GitIgnores | undefined;
  readonly hidden: boolean;
}

/**
 * Every entry under `dir` that is not a folder (files, links, FIFOs: `walked`
 * judges them), real folders entered unless left out. Entries come in no
 * particular order (the caller sorts).
 */
async function walk(
  root: string,
  dir: string,
  context: WalkContext,
  visit: (path: string, entry: Dirent) => void,
): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  const rules = await context.gitignore?.enter(dir);
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith(".") && !context.hidden) continue;
    const path = join(dir, name);
    const folder = entry.isDirectory();
    if (folder && ALWAYS_IGNORED.has(name)) continue;
    if (rules?.ignores(path, folder)) continue;
    if (folder) await walk(root, path, context, visit);
    else if (!context.ignored(path)) visit(path, entry);
  }
}

/**
 * A file a walk found: its stats when it is to be linted, why not when it is
 * skipped with a note, undefined when it is skipped quietly (a link to a
 * folder inside the walk: its files are linted by their own paths).
 */
async function walked(path: string, root: string, folder: string): Promise<Stats | string | undefined> {
  const own = await lstat(path);
  if (own.isFile()) return own;
  if (!own.isSymbolicLink()) return `it is ${fileType(own)}, not a regular file`;
  const target = await realpath(path).catch(() => undefined);
  if (target === undefined) return `a symbolic link to ${await readlink(path)}, which does not exist`;
  const inside = target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
  if (!inside) return `a symbolic link to ${await readlink(path)}, outside ${folder}`;
  const info = await stat(path);
  if (info.isFile()) return info;
  if (info.isDirectory()) return undefined;
  return `a symbolic link to ${fileType(info)}, not a regular file`;
}

const toPosix = (path: string) => (sep === "/" ? path : path.split(sep).join("/"));
