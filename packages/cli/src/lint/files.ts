import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { glob } from "tinyglobby";
import { CONFIG_FILES } from "../config.js";
import { usageError } from "../errors.js";
import { LINTED_EXTENSIONS } from "../input/kind.js";

/**
 * Expands lint's arguments to files, in the order given: `-` is stdin, a file
 * is itself, a folder is every transcript, JSON and JSONL file under it, and
 * anything else is a glob. Ignored globs (config `ignore`), node_modules and
 * config files are left out. Paths come back as the user would write them.
 */
export async function expandPaths(
  cwd: string,
  args: readonly string[],
  ignore: readonly string[],
): Promise<string[]> {
  const ignored = picomatch([...ignore, "**/node_modules/**", ...CONFIG_FILES.map((f) => `**/${f}`)], {
    dot: true,
  });
  const seen = new Set<string>();
  const files: string[] = [];
  const add = (file: string) => {
    const key = file === "-" ? "-" : resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    if (arg === "-") {
      add(arg);
      continue;
    }
    const info = await stat(resolve(cwd, arg)).catch(() => undefined);
    if (info?.isFile()) {
      add(arg); // named explicitly: linted even if an ignore glob matches
      continue;
    }
    const pattern = info?.isDirectory()
      ? `${arg.replace(/\/+$/, "")}/**/*.{${LINTED_EXTENSIONS.map((e) => e.slice(1)).join(",")}}`
      : arg;
    const matched = await glob(pattern, {
      cwd,
      dot: false,
      onlyFiles: true,
      expandDirectories: false,
      absolute: isAbsolute(arg),
    });
    const kept = matched.filter((f) => !ignored(relative(cwd, resolve(cwd, f)))).sort();
    if (kept.length === 0) throw usageError(`no files matched ${arg}`);
    for (const file of kept) add(file);
  }
  return files;
}
