import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { memberPath } from "@chatmlkit/parser/json-path";
import { isCount } from "@chatmlkit/validator/limits";
import type { RuleId, RuleSeverity } from "@chatmlkit/validator/rules";
import { CliError, usageError } from "./errors.js";
import { type JsonDocument, parseJson } from "./input/json.js";
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
  /** Globs of files lint's walks and globs leave out, relative to the config file's folder. */
  ignore?: string[];
  /** Globs of the files a folder walk takes, relative to the config file's folder (default: .chatml, .json, .jsonl, .ndjson). */
  files?: string[];
}

/** A config and where it came from. */
export interface LoadedConfig {
  readonly config: Config;
  /** The config file's absolute path: its `ignore` and `files` globs are relative to its folder. */
  readonly file: string | undefined;
}

export const CONFIG_FILES = ["chatml.config.json", ".chatmlrc.json"];

const KEYS: Readonly<Record<keyof Config | "$schema", (value: unknown) => boolean>> = {
  // An editor's hint to the config's JSON Schema; not a setting.
  $schema: (v) => typeof v === "string",
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
  files: (v) => Array.isArray(v) && v.length > 0 && v.every((g) => typeof g === "string" && g !== ""),
};

const EXPECTED: Readonly<Record<keyof Config | "$schema", string>> = {
  $schema: "a URL or path of the config's JSON Schema",
  model: "a model name",
  encoding: '"cl100k_base" or "o200k_base"',
  contextWindow: "a whole number >= 0",
  maxTokens: "a whole number >= 0",
  maxPromptTokens: "a whole number >= 0",
  maxMessageTokens: "a whole number >= 0",
  maxExampleTokens: "a whole number >= 0",
  dialect: '"auto", "chatml" or "chatml-sep"',
  roles: "an array of role names",
  rules: 'an object of rule ids to "off", "warn" or "error"',
  ignore: "an array of globs",
  files: "a non-empty array of globs",
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
  if (text.trim() === "")
    throw usageError("the config file is empty; it must hold a JSON object", { file: name });
  let json: JsonDocument;
  try {
    // JSONC, as editors write config files: comments are allowed.
    json = parseJson(text, name, 0, true);
  } catch (error) {
    // A broken config is a usage problem (exit 2), whatever it is: invalid JSON keeps its position.
    if (error instanceof CliError) throw usageError(error.message, error.location);
    throw error;
  }
  const problems = check(json.value);
  const rules = (json.value as Config).rules;
  if (problems.length === 0 && rules !== undefined) problems.push(...(await ruleProblems(rules)));
  if (problems.length > 0) {
    // Every problem, each at its place in the file: one run shows all there is to fix.
    const [first, ...more] = problems.map((p) => ({
      ...p,
      at: { file: name, ...json.locate(p.path, 0, p.key) },
    }));
    const rest = more.map((p) => `\n${p.at.file}:${p.at.line}:${p.at.column}: ${p.message}`).join("");
    throw usageError(`${first?.message}${rest}`, first?.at);
  }
  return { config: json.value as Config, file: path };
}

/** A problem of a config, at the JSON path of its key (`key`) or value. */
interface ConfigProblem {
  readonly message: string;
  readonly path: string;
  readonly key: boolean;
}

/** Every rule id a rule's and every level a level (the registry is loaded only for a config that sets rules). */
async function ruleProblems(rules: object): Promise<ConfigProblem[]> {
  const { isRuleId, unknownRuleMessage } = await import("@chatmlkit/validator/rules");
  const problems: ConfigProblem[] = [];
  for (const [id, level] of Object.entries(rules)) {
    const path = `$.rules${memberPath(id)}`;
    if (!isRuleId(id)) {
      problems.push({
        message: `${unknownRuleMessage(id, 'in "rules"')} (chatml rules lists them)`,
        path,
        key: true,
      });
    } else if (level !== "off" && level !== "warn" && level !== "error") {
      problems.push({
        message: `rule "${id}" must be "off", "warn" or "error", got ${JSON.stringify(level)}`,
        path,
        key: false,
      });
    }
  }
  return problems;
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

function check(value: unknown): ConfigProblem[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ message: "a config file must hold a JSON object", path: "$", key: false }];
  }
  const problems: ConfigProblem[] = [];
  for (const [key, v] of Object.entries(value)) {
    const name = key as keyof typeof KEYS;
    const valid = KEYS[name];
    const path = `$${memberPath(key)}`;
    if (valid === undefined) {
      const known = Object.keys(KEYS).filter((k) => k !== "$schema");
      problems.push({
        message: `unknown config key "${key}"; known keys: ${known.join(", ")}`,
        path,
        key: true,
      });
    } else if (name === "rules" && typeof v === "object" && v !== null && !Array.isArray(v)) {
      // Levels are judged with the ids, each at its own place.
    } else if (!valid(v)) {
      problems.push({
        message: `config key "${key}" must be ${EXPECTED[name]}, got ${JSON.stringify(v)}`,
        path,
        key: false,
      });
    }
  }
  return problems;
}
