import { relative, resolve } from "node:path";
import { lilconfig } from "lilconfig";
import { CliError, usageError } from "./errors.js";
import { parseJson } from "./input/json.js";

/** What `chatml.config.json` / `.chatmlrc.json` may set. Flags override it. */
export interface Config {
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  contextWindow?: number;
  maxTokens?: number;
  maxPromptTokens?: number;
  maxMessageTokens?: number;
  /** Token limit per fine-tuning example (default 16,385). */
  maxExampleTokens?: number;
  dialect?: "auto" | "chatml" | "chatml-sep";
  roles?: string[];
  rules?: Record<string, "off" | "warn" | "error">;
  /** Globs of files lint skips. */
  ignore?: string[];
}

/** A config and where it came from. */
export interface LoadedConfig {
  readonly config: Config;
  readonly file: string | undefined;
}

export const CONFIG_FILES = ["chatml.config.json", ".chatmlrc.json"];

const KEYS: Readonly<Record<keyof Config, (value: unknown) => boolean>> = {
  model: (v) => typeof v === "string",
  encoding: (v) => v === "cl100k_base" || v === "o200k_base",
  contextWindow: isCount,
  maxTokens: isCount,
  maxPromptTokens: isCount,
  maxMessageTokens: isCount,
  maxExampleTokens: isCount,
  dialect: (v) => v === "auto" || v === "chatml" || v === "chatml-sep",
  roles: (v) => Array.isArray(v) && v.every((r) => typeof r === "string"),
  rules: (v) =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((l) => l === "off" || l === "warn" || l === "error"),
  ignore: (v) => Array.isArray(v) && v.every((g) => typeof g === "string"),
};

const EXPECTED: Readonly<Record<keyof Config, string>> = {
  model: "a model name",
  encoding: '"cl100k_base" or "o200k_base"',
  contextWindow: "a whole number",
  maxTokens: "a whole number",
  maxPromptTokens: "a whole number",
  maxMessageTokens: "a whole number",
  maxExampleTokens: "a whole number",
  dialect: '"auto", "chatml" or "chatml-sep"',
  roles: "an array of role names",
  rules: 'an object of rule ids to "off", "warn" or "error"',
  ignore: "an array of globs",
};

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/**
 * The config named by `--config`, or the nearest `chatml.config.json` /
 * `.chatmlrc.json` from the working directory upward. Unknown keys and
 * wrong types are usage errors naming the file and key.
 */
export async function loadConfig(cwd: string, explicit: string | undefined): Promise<LoadedConfig> {
  const explorer = lilconfig("chatml", {
    searchPlaces: CONFIG_FILES,
    loaders: {
      ".json": (file: string, content: string) => parseJson(content, relative(cwd, file) || file).value,
    },
  });
  let found: { config: unknown; filepath: string } | null;
  try {
    found = explicit !== undefined ? await explorer.load(resolve(cwd, explicit)) : await explorer.search(cwd);
  } catch (error) {
    // A broken config is a usage problem (exit 2), whatever it is: invalid JSON keeps its position.
    if (error instanceof CliError) throw usageError(error.message, error.location);
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw usageError(`cannot read config ${explicit ?? ""}: ${why}`.replace("  ", " "));
  }
  if (found === null) return { config: {}, file: undefined };
  const name = relative(cwd, found.filepath) || found.filepath;
  return { config: check(found.config, name), file: found.filepath };
}

function check(value: unknown, name: string): Config {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw usageError("a config file must hold a JSON object", { file: name });
  }
  for (const [key, v] of Object.entries(value)) {
    const valid = KEYS[key as keyof Config];
    if (valid === undefined) {
      throw usageError(`unknown config key "${key}"; known keys: ${Object.keys(KEYS).join(", ")}`, {
        file: name,
      });
    }
    if (!valid(v))
      throw usageError(`config key "${key}" must be ${EXPECTED[key as keyof Config]}`, { file: name });
  }
  return value as Config;
}
