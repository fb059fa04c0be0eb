import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { isCount } from "@chatmlkit/validator/limits";
import type { RuleId, RuleSeverity } from "@chatmlkit/validator/rules";
import { CliError, usageError } from "./errors.js";
import { parseJson } from "./input/json.js";
import { readFileText } from "./input/read.js";

/** What `chatml.config.json` / `.chatmlrc.json` may set. Flags override it. */
export interface Config {
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  contextWindow?: number;
  maxTokens?: number;
  maxPromptTokens?: number;
  maxMessageTokens?: number;
  /** Token limit per fine-tuning example (default 16,385: DEFAULT_MAX_EXAMPLE_TOKENS of @chatmlkit/validator/limits). */
  maxExampleTokens?: number;
  dialect?: "auto" | "chatml" | "chatml-sep";
  roles?: string[];
  /** Levels by rule id (any id of the validator's RULES). */
  rules?: Partial<Record<RuleId, RuleSeverity>>;
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

/** A config is a few hundred bytes: anything past this is not one. */
const MAX_CONFIG_SIZE = 1024 * 1024;

/**
 * The config named by `--config`, or the nearest `chatml.config.json` /
 * `.chatmlrc.json` from the working directory upward (up to the home folder
 * or the filesystem's root). It is read like any input: a regular file only
 * (a FIFO named so would block), at most 1 MiB. Unknown keys and wrong types
 * are usage errors naming the file and key.
 */
export async function loadConfig(cwd: string, explicit: string | undefined): Promise<LoadedConfig> {
  const path = explicit !== undefined ? resolve(cwd, explicit) : await findConfig(cwd);
  if (path === undefined) return { config: {}, file: undefined };
  const name = explicit ?? (relative(cwd, path) || path);
  let text: string;
  try {
    text = await readFileText(path, name, MAX_CONFIG_SIZE);
  } catch (error) {
    // The reader's words, said of a config, without its hints (no stream or --max-file-size for one).
    const why = error instanceof CliError ? error.message : String(error);
    throw usageError(why.replace(/^cannot read /, "cannot read config ").replace(/; .*$/, ""));
  }
  let value: unknown;
  try {
    value = parseJson(text, name).value;
  } catch (error) {
    // A broken config is a usage problem (exit 2), whatever it is: invalid JSON keeps its position.
    if (error instanceof CliError) throw usageError(error.message, error.location);
    throw error;
  }
  const config = check(value, name);
  if (config.rules !== undefined) await checkRuleIds(config.rules, name);
  return { config, file: path };
}

/** Every id in the config's rules is a rule's (the registry is loaded only for a config that sets rules). */
async function checkRuleIds(rules: object, name: string): Promise<void> {
  const { isRuleId, unknownRuleMessage } = await import("@chatmlkit/validator/rules");
  for (const id of Object.keys(rules)) {
    if (!isRuleId(id)) {
      throw usageError(`${unknownRuleMessage(id, 'in "rules"')} (chatml rules lists them)`, { file: name });
    }
  }
}

/** The nearest config file from `cwd` upward: any entry so named counts (reading then judges it). */
async function findConfig(cwd: string): Promise<string | undefined> {
  const stop = homedir();
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const file of CONFIG_FILES) {
      const path = join(dir, file);
      if (
        await stat(path).then(
          () => true,
          () => false,
        )
      )
        return path;
    }
    if (dir === stop || dirname(dir) === dir) return undefined;
  }
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
