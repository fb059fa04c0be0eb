// Where lint's cache lives: names only, so lint's --help does not load the cache itself.

/** Where `--cache` keeps its file when `--cache-location` does not say (a folder, as other tools' caches). */
export const DEFAULT_CACHE_FOLDER = "node_modules/.cache/chatmlkit";

/** The cache's file name inside a folder given as the location. */
export const CACHE_FILE = "lint-cache.json";
