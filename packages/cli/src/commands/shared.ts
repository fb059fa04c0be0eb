import type { ChatMLCompileError, Diagnostic, Dialect, ProfileName } from "@chatmlkit/parser";
import { isCount } from "@chatmlkit/validator/limits";
import type { Argv } from "yargs";
import { inputError, usageError } from "../errors.js";
import { visible } from "../format/visible.js";
import { type JsonDocument, parseJson } from "../input/json.js";
import { type InputKind, kindOf } from "../input/kind.js";
import { readSource, type SourceText } from "../input/read.js";
import { DEFAULT_MAX_FILE_SIZE, formatSize, parseSize } from "../input/size.js";
import { type Io, withMaxFileSize } from "../io.js";

/** Options every command that reads one input has. */
export interface InputArgs {
  file: string;
  kind?: string;
  "stdin-filename"?: string;
  "max-file-size"?: string;
}

/** Adds `--max-file-size` (see input/size.ts). */
export function maxFileSizeOption<T>(yargs: Argv<T>) {
  return yargs.option("max-file-size", {
    type: "string",
    describe: `the most bytes read into memory: a file, stdin, or a dataset line (default ${formatSize(DEFAULT_MAX_FILE_SIZE).replace(" ", "")}; e.g. 512MiB)`,
  });
}

/** Adds `--kind`, `--stdin-filename` and `--max-file-size`. */
export function inputOptions<T>(yargs: Argv<T>) {
  return maxFileSizeOption(yargs)
    .option("kind", {
      type: "string",
      choices: ["transcript", "json", "jsonl"],
      describe: "what the input holds (default: by extension; .chatml/.txt transcript, .json, .jsonl)",
    })
    .option("stdin-filename", {
      type: "string",
      describe: "name stdin in reports; its extension sets the kind",
    });
}

/** Adds `-o/--output`. */
export function outputOption<T>(yargs: Argv<T>) {
  return yargs.option("output", {
    alias: "o",
    type: "string",
    describe: "write to this file (atomically) instead of stdout",
  });
}

/** Adds `--model`, `--encoding`, `--context-window` and `--tokenizer`. */
export function modelOptionsOf<T>(yargs: Argv<T>) {
  return yargs
    .option("tokenizer", {
      type: "string",
      requiresArg: true,
      describe:
        "an open model's Hugging Face tokenizer.json: count with its vocabulary (instead of --encoding; --model or --context-window give the window)",
    })
    .option("model", {
      alias: "m",
      type: "string",
      requiresArg: true,
      describe: "model name, e.g. gpt-4o, gpt-35-turbo",
    })
    .option("encoding", {
      type: "string",
      choices: ["cl100k_base", "o200k_base"],
      describe: "encoding, for a model chatmlkit does not know",
    })
    .option(
      "context-window",
      countFlag("context-window", "context window, for a model chatmlkit does not know", 1),
    );
}

/**
 * A flag that holds a token count: a whole number >= `min`, given once. yargs
 * reads `abc` as NaN and a repeated flag as an array; both are usage errors
 * naming the flag, not a NaN in a report.
 */
export function countFlag(flag: string, describe: string, min = 0) {
  return wholeNumberFlag(flag, describe, (n) => isCount(n) && n >= min, `a whole number >= ${min}`);
}

/**
 * countFlag's sibling for a limit that -1 turns off, as ESLint's
 * `--max-warnings` (whose default -1 is "no limit").
 */
export function limitFlag(flag: string, describe: string) {
  return wholeNumberFlag(
    flag,
    describe,
    (n) => n === -1 || isCount(n),
    "a whole number >= 0, or -1 for no limit",
  );
}

function wholeNumberFlag(flag: string, describe: string, accepts: (n: unknown) => boolean, expected: string) {
  return {
    // Read as the text typed: as a number, yargs would take 0x10, 1e3 and " 5" for 16, 1000 and 5.
    type: "string" as const,
    describe,
    requiresArg: true,
    coerce: (value: unknown): number => {
      // yargs coerces before any middleware sees the value: the repeated-flag check must be here too.
      if (Array.isArray(value)) throw usageError(givenTimes(flag, value.length));
      // A config file's value arrives as a number; a flag's as its text, in decimal digits only.
      const n = typeof value === "string" && /^-?[0-9]+$/.test(value) ? Number(value) : value;
      if (!accepts(n)) {
        const got = typeof value === "string" ? JSON.stringify(value) : String(value);
        throw usageError(`--${flag} must be ${expected}, got ${got}`);
      }
      return n as number;
    },
  };
}

/** The words for a flag given `times` times that takes one value. */
export function givenTimes(flag: string, times: number): string {
  return `${flag.length === 1 ? "-" : "--"}${flag} was given ${times} times; give it once`;
}

/** What yargs knows of the running command's options (the part `repeatedFlag` reads). */
export interface DeclaredOptions {
  /** Every declared option and alias. */
  readonly key: Readonly<Record<string, unknown>>;
  /** Options that take many values (`--rule`, variadic positionals). */
  readonly array: readonly string[];
  /** Each option's aliases, by the name it was declared with. */
  readonly alias: Readonly<Record<string, readonly string[]>>;
}

/**
 * The usage message for the first option given more than once that takes one
 * value, or undefined. yargs reads `-m a -m b` as an array, which no command
 * expects (`name.toLowerCase is not a function`), so every command refuses it here.
 *
 * @example
 * repeatedFlag({ model: ["a", "b"], m: ["a", "b"] }, { key: { model: true, m: true }, array: [], alias: { model: ["m"] } });
 * // "--model was given 2 times; give it once"
 */
export function repeatedFlag(
  argv: Readonly<Record<string, unknown>>,
  declared: DeclaredOptions,
): string | undefined {
  const aliases = new Set(Object.values(declared.alias).flat());
  const many = new Set(declared.array);
  for (const key of Object.keys(declared.key)) {
    if (aliases.has(key) || many.has(key)) continue;
    const value = argv[key];
    if (Array.isArray(value)) return givenTimes(key, value.length);
  }
  return undefined;
}

/**
 * Resolves the model the flags and config name, so a bad one is a usage error
 * (with the closest names) before any input is read. Nothing when no model or
 * encoding is named: a request body's own model is the input's concern.
 */
export async function checkModelOptions(options: {
  model?: string;
  encoding?: string;
  contextWindow?: number;
  /** A tokenizer file is named: it replaces the encoding, and a model needs only a window. */
  withTokenizer?: boolean;
}): Promise<void> {
  const { model, encoding, contextWindow } = options;
  if (options.withTokenizer === true && encoding !== undefined)
    throw usageError("--tokenizer replaces --encoding: give one of them");
  if (model === undefined && encoding === undefined) return;
  const { jsonTokenizerModel, resolveModel, ValidatorError } = await import("@chatmlkit/validator/count");
  try {
    // With a tokenizer.json, a name chatmlkit does not know (Qwen/Qwen3-8B) needs only a window.
    (options.withTokenizer === true ? jsonTokenizerModel : resolveModel)({
      ...(model !== undefined && { model }),
      ...(encoding !== undefined && { encoding: encoding as never }),
      ...(contextWindow !== undefined && { contextWindow }),
    });
  } catch (error) {
    if (error instanceof ValidatorError) throw usageError(error.message);
    throw error;
  }
}

/** `--stdin-filename` names stdin: without `-` among the inputs it would be ignored, so it is refused. */
export function checkStdinName(inputs: readonly string[], stdinName: string | undefined): void {
  if (stdinName !== undefined && !inputs.includes("-")) {
    throw usageError("--stdin-filename names stdin, and no input is - (stdin)");
  }
}

/** One read input and its kind. */
export interface ReadInput {
  readonly source: SourceText;
  readonly kind: InputKind;
}

export async function readInput(io: Io, args: InputArgs, fallback: InputKind): Promise<ReadInput> {
  checkStdinName([args.file], args["stdin-filename"]);
  const name = args.file === "-" ? args["stdin-filename"] : args.file;
  const kind = kindOf(name, args.kind, fallback);
  const source = await readSource(withReadLimit(io, args), args.file, args["stdin-filename"]);
  // Said once the input is read: a name that cannot be read gets that error alone.
  const note = args.kind === undefined && name !== undefined ? assumedKindNote(name, kind) : undefined;
  if (note !== undefined) io.stderr.write(note);
  return { source, kind };
}

const KIND_WORDS: Readonly<Record<InputKind, string>> = {
  transcript: "a ChatML transcript",
  json: "messages JSON",
  jsonl: "a JSONL dataset",
};

/**
 * The note for an input whose extension says no kind (`notes.md`, `prompt`), read as the
 * command's natural kind: which kind was assumed and how to choose; undefined for a known one.
 *
 * @example assumedKindNote("notes.md", "transcript")
 * // 'note: notes.md: its extension says no kind; read as a ChatML transcript (--kind transcript, json or jsonl to choose)\n'
 */
export function assumedKindNote(name: string, kind: InputKind): string | undefined {
  // A known extension gives its kind whatever the fallback; an unknown one gives the fallback.
  if (kindOf(name, undefined, "json") === kindOf(name, undefined, "jsonl")) return undefined;
  return `note: ${visible(name)}: its extension says no kind; read as ${KIND_WORDS[kind]} (--kind transcript, json or jsonl to choose)\n`;
}

/**
 * Says, once each, which kind the named files whose extension says none are
 * read as (walked files are chosen by extension, and stdin by --stdin-filename).
 */
export function noteAssumedKinds(
  io: Io,
  files: readonly { readonly file: string; readonly walked: boolean }[],
  kindFor: (file: string) => InputKind,
): void {
  for (const { file, walked } of files) {
    if (walked || file === "-") continue;
    const note = assumedKindNote(file, kindFor(file));
    if (note !== undefined) io.stderr.write(note);
  }
}

/** The Io with `--max-file-size` applied, when given. */
export function withReadLimit(io: Io, args: { "max-file-size"?: string }): Io {
  const value = args["max-file-size"];
  return withMaxFileSize(io, value === undefined ? undefined : parseSize(value));
}

/** Parses JSON input, reporting invalid JSON at its line and column. */
export function readJson(source: SourceText): JsonDocument {
  return parseJson(source.text, source.name);
}

/** `name:line:col: severity: message (code)`, the line every command prints for a problem. */
export function problemLine(
  name: string,
  at: { line: number; column: number },
  severity: string,
  message: string,
  code?: string,
): string {
  // A file name or message may quote content: shown escaped, never obeyed by the terminal.
  return `${visible(name)}:${at.line}:${at.column}: ${severity}: ${visible(message)}${code ? ` (${code})` : ""}\n`;
}

export { PROFILE_CHOICES } from "../profile-choices.js";

/** Parses a transcript and prints its diagnostics to stderr; returns whether any is an error. */
export async function parseTranscript(
  io: Io,
  source: SourceText,
  dialect: Dialect | "auto" | undefined,
  profile?: ProfileName,
) {
  const { parse } = await import("../lazy/parse.js");
  const result = parse(source.text, {
    dialect: dialect ?? "auto",
    ...(profile !== undefined && { profile }),
  });
  report(io, source.name, result.diagnostics);
  return { result, failed: result.diagnostics.some((d) => d.severity === "error") };
}

export function report(io: Io, name: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(problemLine(name, d, d.severity, d.message, d.code));
}

/** The input must be JSON for this command. */
export function requireJson(input: ReadInput, command: string): void {
  if (input.kind === "json") return;
  if (input.kind === "transcript") {
    throw usageError(
      `${command} reads messages JSON, and ${input.source.name} is a transcript; use \`chatml parse\` first, or --kind json`,
    );
  }
  throw usageError(
    `${command} reads one JSON document; ${input.source.name} is a JSONL dataset (use \`chatml count\` or \`chatml lint\`)`,
  );
}

export { inputError };

/** Each issue at its line and column in the file, inside the JSON string where it has an offset. */
export function reportIssues(
  io: Io,
  name: string,
  json: JsonDocument,
  error: Pick<ChatMLCompileError, "issues">,
): void {
  for (const issue of error.issues) {
    const at = json.locate(issue.path.startsWith("options") ? "$" : issue.path, issue.offset);
    io.stderr.write(problemLine(name, at, "error", `${issue.path}: ${issue.message}`, issue.code));
  }
}
