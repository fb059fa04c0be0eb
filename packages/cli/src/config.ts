import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { memberPath } from "@chatmlkit/parser/json-path";
import { DEFAULT_MAX_EXAMPLE_TOKENS, isCount } from "@chatmlkit/validator/limits";
import type { RuleId, RuleSeverity } from "@chatmlkit/validator/rules";
import { CliError, usageError } from "./errors.js";
import { type JsonDocument, parseJson } from "./input/json.js";
import { readFileText } from "./input/read.js";
import { PROFILE_CHOICES, type ProfileChoice } from "./profile-choices.js";

/** What `chatml.config.json` / `.chatmlrc.json` may set. Flags override it. */
export interface Config {
  model?: string;
  encoding?: "cl100k_base" | "o200k_base";
  /** An open model's tokenizer.json to count with, relative to the config file's folder (replaces encoding). */
  tokenizer?: string;
  contextWindow?: number;
  maxTokens?: number;
  maxPromptTokens?: number;
  maxMessageTokens?: number;
  /** Token limit per fine-tuning example (default 16,385: DEFAULT_MAX_EXAMPLE_TOKENS of @chatmlkit/validator/limits). */
  maxExampleTokens?: number;
  dialect?: "auto" | "chatml" | "chatml-sep";
  /** The model profile transcripts are read as (tool calls, reasoning) and messages counted as; it fixes the dialect. */
  profile?: ProfileChoice;
  roles?: string[];
  /** Levels by rule id (any id of the validator's RULES). */
  rules?: Partial<Record<RuleId, RuleSeverity>>;
  /** Globs of files lint's walks and globs leave out, relative to the config file's folder. */
  ignore?: string[];
  /** Globs of the files a folder walk takes, relative to the config file's folder (default: .chatml, .json, .jsonl, .ndjson). */
  files?: string[];
  /** Read every transcript and messages file as a prompt template (--template); without it, only files that hold a placeholder. */
  template?: boolean;
  /** The declared variables of templates without a `.vars.json` sidecar: a JSON Schema object whose `properties` are they. */
  variables?: Record<string, unknown>;
}

/** A config and where it came from. */
export interface LoadedConfig {
  readonly config: Config;
  /** The config file's absolute path: its `ignore` and `files` globs are relative to its folder. */
  readonly file: string | undefined;
}

export const CONFIG_FILES = ["chatml.config.json", ".chatmlrc.json"];

/** A fragment of JSON Schema (draft-07), as config.schema.json holds it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * How the reader judges a key's value, the words for a wrong one, and the key's JSON Schema:
 * packages/cli/config.schema.json is generated from this table (configSchema), so the reader
 * and the schema editors use cannot name different keys.
 */
interface KeySpec {
  readonly valid: (value: unknown) => boolean;
  readonly expected: string;
  readonly schema: JsonSchema;
}

const count = (description: string): KeySpec => ({
  valid: isCount,
  expected: "a whole number >= 0",
  // isCount: a safe whole number >= 0.
  schema: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description },
});

const oneOf = (values: readonly string[], description: string): KeySpec => ({
  valid: (v) => values.includes(v as string),
  expected:
    values.length === 2
      ? values.map((v) => JSON.stringify(v)).join(" or ")
      : `${values
          .slice(0, -1)
          .map((v) => JSON.stringify(v))
          .join(", ")} or ${JSON.stringify(values.at(-1))}`,
  schema: { enum: values, description },
});

const strings = (expected: string, description: string, nonEmpty = false): KeySpec => ({
  valid: (v) =>
    Array.isArray(v) &&
    (!nonEmpty || v.length > 0) &&
    v.every((g) => typeof g === "string" && (!nonEmpty || g !== "")),
  expected,
  schema: {
    type: "array",
    items: nonEmpty ? { type: "string", minLength: 1 } : { type: "string" },
    ...(nonEmpty && { minItems: 1 }),
    description,
  },
});

const LEVELS = ["off", "warn", "error"] as const;

const KEYS: Readonly<Record<keyof Config | "$schema", KeySpec>> = {
  // An editor's hint to the config's JSON Schema; not a setting.
  $schema: {
    valid: (v) => typeof v === "string",
    expected: "a URL or path of the config's JSON Schema",
    schema: { type: "string", description: "The config's JSON Schema, for editors (not a setting)." },
  },
  model: {
    valid: (v) => typeof v === "string",
    expected: "a model name",
    schema: { type: "string", description: "The model to count tokens for, e.g. gpt-4o (--model)." },
  },
  encoding: oneOf(
    ["cl100k_base", "o200k_base"],
    "The encoding, for a model chatmlkit does not know (--encoding).",
  ),
  tokenizer: {
    valid: (v) => typeof v === "string" && v !== "",
    expected: "a path to a tokenizer.json",
    schema: {
      type: "string",
      minLength: 1,
      description:
        "An open model's Hugging Face tokenizer.json to count with, relative to the config file's folder (--tokenizer): it replaces the encoding; model or contextWindow give the window.",
    },
  },
  contextWindow: count("The context window, for a model chatmlkit does not know (--context-window)."),
  maxTokens: count("Tokens reserved for the answer (--max-tokens)."),
  maxPromptTokens: count("A budget for the whole prompt (--max-prompt-tokens)."),
  maxMessageTokens: count("A budget for any one message (--max-message-tokens)."),
  maxExampleTokens: count(
    `Datasets: the token limit per example (--max-example-tokens; default ${DEFAULT_MAX_EXAMPLE_TOKENS}).`,
  ),
  dialect: oneOf(["auto", "chatml", "chatml-sep"], "The transcript layout to expect (default auto)."),
  profile: oneOf(
    PROFILE_CHOICES,
    "The model profile (--profile): transcripts are read as it writes them (its <tool_call> blocks, reasoning and tool results are checked), messages are counted as its template writes them (exact with the model's tokenizer); it fixes the dialect.",
  ),
  roles: strings("an array of role names", "The roles a message may have (default: the API's roles)."),
  rules: {
    valid: (v) =>
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.values(v).every((l) => (LEVELS as readonly unknown[]).includes(l)),
    expected: 'an object of rule ids to "off", "warn" or "error"',
    // The rule ids are the registry's: configSchema lists them.
    schema: { type: "object", description: "Levels by rule id (chatml rules lists them; --rule id=level)." },
  },
  ignore: strings(
    "an array of globs",
    "Globs of files lint's walks and globs leave out, relative to the config file's folder.",
  ),
  files: strings(
    "a non-empty array of globs",
    "Globs of the files a folder walk takes, relative to the config file's folder.",
    true,
  ),
  template: {
    valid: (v) => typeof v === "boolean",
    expected: "true or false",
    schema: {
      type: "boolean",
      description:
        "Read every transcript and messages file as a prompt template (--template); without it, only files that hold a {{ name }} placeholder are.",
    },
  },
  variables: {
    valid: (v) =>
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      (v as { properties?: unknown }).properties !== null &&
      typeof ((v as { properties?: unknown }).properties ?? {}) === "object",
    expected: "a JSON Schema object whose properties are the variables",
    schema: {
      type: "object",
      properties: { properties: { type: "object" } },
      description:
        "The declared variables of templates that have no <template>.vars.json sidecar: a JSON Schema object whose properties are the variables, each with maxLength and our maxTokens (the worst case the budget rules count).",
    },
  },
};

/**
 * The config file's JSON Schema (draft-07), from the reader's key table and the rules given
 * (the registry's RULES: each id with its summary). Generated into packages/cli/config.schema.json.
 *
 * @example
 * configSchema([{ id: "special-token", summary: "..." }]).properties.rules.properties["special-token"].enum;
 * // ["off", "warn", "error"]
 */
export function configSchema(rules: readonly { readonly id: string; readonly summary: string }[]) {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, spec] of Object.entries(KEYS)) properties[key] = spec.schema;
  properties.rules = {
    ...KEYS.rules.schema,
    properties: Object.fromEntries(rules.map((r) => [r.id, { enum: LEVELS, description: r.summary }])),
    additionalProperties: false,
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "chatml config",
    description:
      "chatml.config.json or .chatmlrc.json: settings of the chatml command (@chatmlkit/cli); flags override them. Comments are allowed.",
    type: "object",
    properties,
    additionalProperties: false,
  };
}

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
    const valid = KEYS[name]?.valid;
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
        message: `config key "${key}" must be ${KEYS[name].expected}, got ${JSON.stringify(v)}`,
        path,
        key: false,
      });
    }
  }
  return problems;
}
