import { type Dirent, readdir, type Stats } from "node:fs";
import { lstat, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { type FileSystemAdapter, glob } from "tinyglobby";
import { CONFIG_FILES } from "../config.js";
import { usageError } from "../errors.js";
import { visible } from "../format/visible.js";
import { LINTED_EXTENSIONS } from "../input/kind.js";
import { fileType, maxFileSize, refuseUnreadable } from "../input/read.js";
import type { Io } from "../io.js";

/**
 * Expands lint's arguments to files, in the order given: `-` is stdin, a file
 * is itself, a folder is every transcript, JSON and JSONL file under it, and
 * anything else is a glob. Ignored globs (config `ignore`), node_modules and
 * config files are left out. Paths come back as the user would write them.
 *
 * A walk (a folder or a glob) lints regular files, and symbolic links to
 * regular files inside the folder walked (a glob's folder is the part before
 * its first wildcard); it never enters a linked folder. A link that leads
 * out of the folder, to nothing, or to something not a regular file (a FIFO,
 * a device) is skipped with a note on stderr: a walk must not read
 * /proc/self/environ because a link in the folder names it. A path named on
 * the command line is read as named, links followed, and must be a regular
 * file. Every file read whole (all but datasets, which `isDataset` tells) must
 * be within `--max-file-size`: checked here, before any is read.
 */
export async function expandPaths(
  io: Io,
  args: readonly string[],
  ignore: readonly string[],
  isDataset: (file: string) => boolean = () => false,
): Promise<string[]> {
  const { cwd } = io;
  const limit = maxFileSize(io);
  const ignored = picomatch([...ignore, "**/node_modules/**", ...CONFIG_FILES.map((f) => `**/${f}`)], {
    dot: true,
  });
  const seen = new Set<string>();
  const files: string[] = [];
  const add = (file: string, info?: Stats) => {
    const key = file === "-" ? "-" : resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    if (info !== undefined) refuseUnreadable(file, info, isDataset(file) ? Number.POSITIVE_INFINITY : limit);
    files.push(file);
  };
  for (const arg of args) {
    if (arg === "-") {
      add(arg);
      continue;
    }
    const info = await stat(resolve(cwd, arg)).catch(() => undefined);
    if (info !== undefined && !info.isDirectory()) {
      add(arg, info); // named explicitly: linted even if an ignore glob matches; must be a regular file
      continue;
    }
    const folder = info === undefined ? picomatch.scan(arg).base : arg;
    const pattern = info?.isDirectory()
      ? `${arg.replace(/\/+$/, "")}/**/*.{${LINTED_EXTENSIONS.map((e) => e.slice(1)).join(",")}}`
      : arg;
    const matched = await glob(pattern, {
      cwd,
      dot: false,
      onlyFiles: true,
      expandDirectories: false,
      absolute: isAbsolute(arg),
      followSymbolicLinks: false,
      fs: CANDIDATES,
    });
    const root = await realpath(resolve(cwd, folder)).catch(() => resolve(cwd, folder));
    const kept: [string, Stats][] = [];
    for (const file of matched.filter((f) => !ignored(relative(cwd, resolve(cwd, f)))).sort()) {
      const verdict = await walked(resolve(cwd, file), root, folder || ".");
      // The file's name and a link's target are anyone's text: shown escaped, never obeyed by the terminal.
      if (typeof verdict === "string") io.stderr.write(`${visible(`chatml: skipped ${file}: ${verdict}`)}\n`);
      else if (verdict !== undefined) kept.push([file, verdict]);
    }
    if (kept.length === 0) throw usageError(`no files matched ${arg}`);
    for (const [file, stats] of kept) add(file, stats);
  }
  return files;
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

/**
 * The walk's view of a folder: real folders are entered; every other entry
 * (a symbolic link, a FIFO, a device) is listed as a file, so `walked`
 * decides about it instead of the glob dropping it unseen or following it.
 */
const CANDIDATES: FileSystemAdapter = {
  readdir: ((path: string, options: object, callback: (error: Error | null, entries?: Dirent[]) => void) =>
    readdir(path, { ...options, withFileTypes: true }, (error, entries) =>
      callback(
        error,
        entries?.map((entry) => (entry.isDirectory() || entry.isFile() ? entry : asFile(entry))),
      ),
    )) as NonNullable<FileSystemAdapter["readdir"]>,
};

function asFile(entry: Dirent): Dirent {
  return Object.assign(Object.create(entry) as Dirent, {
    isFile: () => true,
    isDirectory: () => false,
    isSymbolicLink: () => false,
  });
}
