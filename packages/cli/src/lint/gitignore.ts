// What .gitignore files leave out of a walk, as git reads them: every .gitignore from the
// repository root down to a file's folder (a deeper one overrides, the last matching line of one
// wins, `!` re-includes), and .git/info/exclude. Matching is done by `ignore`, ESLint's matcher.
import { readFile, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";

/** The rules that apply in one folder of the walk. */
export interface FolderRules {
  /** Whether git ignores `path` (absolute, inside the folder); `folder` says it is a folder. */
  ignores(path: string, folder: boolean): boolean;
}

/** The .gitignore files of a walk, read once per folder as the walk enters it. */
export interface GitIgnores {
  /** The rules in `dir`: its parent's, and its own .gitignore (the parent must have been entered first). */
  enter(dir: string): Promise<FolderRules>;
}

interface Layer {
  readonly base: string;
  readonly rules: Ignore;
}

/** Git on Linux matches case by case; macOS and Windows folders do not tell case apart. */
const IGNORE_CASE = process.platform === "darwin" || process.platform === "win32";

/**
 * The .gitignore files that apply under `root`: those of the folders from the
 * repository's root (the nearest folder upward holding `.git`; without one,
 * `root` itself) down to `root`, then each folder's own as the walk enters it.
 */
export async function gitIgnores(root: string): Promise<GitIgnores> {
  const top = (await repositoryOf(root)) ?? root;
  const above: Layer[] = [];
  const exclude = await layerOf(top, join(top, ".git", "info", "exclude"));
  if (exclude !== undefined) above.push(exclude);
  // The folders from the top down to root's parent; root's own .gitignore comes with enter(root).
  const folders: string[] = [];
  if (root !== top) {
    for (let dir = dirname(root); ; dir = dirname(dir)) {
      folders.unshift(dir);
      if (dir === top || dirname(dir) === dir) break;
    }
  }
  for (const dir of folders) {
    const layer = await layerOf(dir, join(dir, ".gitignore"));
    if (layer !== undefined) above.push(layer);
  }
  const chains = new Map<string, readonly Layer[]>();
  return {
    async enter(dir) {
      const parent = chains.get(dirname(dir)) ?? above;
      const own = await layerOf(dir, join(dir, ".gitignore"));
      const chain = own === undefined ? parent : [...parent, own];
      chains.set(dir, chain);
      return { ignores: (path, folder) => ignoredBy(chain, path, folder) };
    },
  };
}

/** Git's verdict: the last layer with a matching line decides (a `!` line re-includes). */
function ignoredBy(chain: readonly Layer[], path: string, folder: boolean): boolean {
  let ignored = false;
  for (const layer of chain) {
    const from = relative(layer.base, path).split(sep).join("/");
    const verdict = layer.rules.test(folder ? `${from}/` : from);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

async function layerOf(base: string, file: string): Promise<Layer | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  return { base, rules: ignore({ ignorecase: IGNORE_CASE }).add(text) };
}

/** The nearest folder from `dir` upward that holds `.git` (a folder, or a file in a worktree). */
async function repositoryOf(dir: string): Promise<string | undefined> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (
      await stat(join(at, ".git")).then(
        () => true,
        () => false,
      )
    )
      return at;
    if (dirname(at) === at) return undefined;
  }
}
