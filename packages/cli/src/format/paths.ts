// Where CI formats (sarif, github, gitlab, junit) say a file is: relative to the repository root,
// whatever folder chatml ran in, since code scanning, annotations and merge request widgets match
// paths against the repository's tree. `json` keeps ESLint's absolute filePath.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** The name a report gives stdin when --stdin-filename names it nothing. */
export const STDIN_NAME = "<stdin>";

/** What a report needs to turn a file's name (as lint was given it) into a repository path. */
export interface PathContext {
  /** The working directory names are relative to. */
  readonly cwd: string;
  /** The repository root (see repoRoot). */
  readonly root: string;
}

/**
 * The repository root: GITHUB_WORKSPACE or CI_PROJECT_DIR when set (GitHub
 * Actions and GitLab CI check the repository out there), else the nearest
 * folder from `cwd` upward that holds `.git` (a folder, or the file a
 * worktree or submodule has), else `cwd` itself.
 *
 * @example
 * repoRoot("/repo/prompts", {}) // "/repo" when /repo/.git exists
 */
export function repoRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR;
  if (fromEnv) return resolve(cwd, fromEnv);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** A file as a CI report names it. */
export type ReportFile =
  /** Inside the root: a relative path with `/` separators. */
  | { readonly kind: "relative"; readonly path: string }
  /** Outside the root: its absolute path (a relative one would climb out with `..`). */
  | { readonly kind: "absolute"; readonly path: string }
  /** stdin without --stdin-filename. */
  | { readonly kind: "stdin"; readonly path: string };

/** Where `filePath` (as lint names it: as given, or `<stdin>`) is, relative to the root. */
export function reportFile(filePath: string, context: PathContext): ReportFile {
  if (filePath === STDIN_NAME) return { kind: "stdin", path: filePath };
  const absolute = resolve(context.cwd, filePath);
  const fromRoot = relative(context.root, absolute);
  if (fromRoot === "" || fromRoot === ".." || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return { kind: "absolute", path: toSlashes(absolute) };
  }
  return { kind: "relative", path: toSlashes(fromRoot) };
}

const toSlashes = (path: string) => path.split(sep).join("/");

/**
 * A path's segments percent-encoded for a URI (RFC 3986): every character
 * but the unreserved ones and `!*'()` is encoded, so a space, `#`, `%`, `?`,
 * `[`, `]` and non-ASCII letters (as UTF-8) cannot change what the URI means.
 * A Windows drive (`C:`) is kept as it is.
 *
 * @example
 * encodePath("sp ace/#1.json") // "sp%20ace/%231.json"
 */
export function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join("/");
}

/** A `file://` URI of an absolute path; a folder's ends with `/`. */
export function fileUri(absolutePath: string, folder = false): string {
  const path = toSlashes(absolutePath);
  const withRoot = path.startsWith("/") ? path : `/${path}`;
  const uri = `file://${encodePath(withRoot)}`;
  return folder && !uri.endsWith("/") ? `${uri}/` : uri;
}
