import type { ChatMLCompileError, Diagnostic, Dialect } from "@chatmlkit/parser";
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

/** Adds `--model`, `--encoding` and `--context-window`. */
export function modelOptionsOf<T>(yargs: Argv<T>) {
  return yargs
    .option("model", { alias: "m", type: "string", describe: "model name, e.g. gpt-4o, gpt-35-turbo" })
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
  return {
    type: "number" as const,
    describe,
    requiresArg: true,
    coerce: (value: unknown): number => {
      if (Array.isArray(value)) throw usageError(`--${flag} was given ${value.length} times; give it once`);
      if (!(isCount(value) && value >= min)) {
        const got =
          typeof value === "number" && Number.isNaN(value) ? "a value that is not a number" : String(value);
        throw usageError(`--${flag} must be a whole number >= ${min}, got ${got}`);
      }
      return value;
    },
  };
}

/** One read input and its kind. */
export interface ReadInput {
  readonly source: SourceText;
  readonly kind: InputKind;
}

export async function readInput(io: Io, args: InputArgs, fallback: InputKind): Promise<ReadInput> {
  const source = await readSource(withReadLimit(io, args), args.file, args["stdin-filename"]);
  const name = args.file === "-" ? args["stdin-filename"] : args.file;
  return { source, kind: kindOf(name, args.kind, fallback) };
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

/** Parses a transcript and prints its diagnostics to stderr; returns whether any is an error. */
export async function parseTranscript(io: Io, source: SourceText, dialect: Dialect | "auto" | undefined) {
  const { parse } = await import("../lazy/parse.js");
  const result = parse(source.text, { dialect: dialect ?? "auto" });
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
