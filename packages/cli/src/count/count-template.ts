// `chatml count TEMPLATE --vars-schema [FILE]`: a template's worst case, from its declared
// variables (FILE, else its .vars.json sidecar, else the config's variables): the fixed part,
// each variable's allowance and the total, judged against the window and the budgets.
import type { LimitOptions, WorstCaseCount } from "@chatmlkit/validator";
import { CliError, EXIT, usageError } from "../errors.js";
import { parseJson } from "../input/json.js";
import { readSource, type SourceText } from "../input/read.js";
import { templateVariables } from "../input/template.js";
import type { Io } from "../io.js";
import { placedError } from "./count-input.js";

/** One template's worst case, as `--format json` prints it. */
export interface TemplateCountReport extends WorstCaseCount {
  readonly file: string;
  /** Where the declared variables came from: the schema file, the sidecar, or the config. */
  readonly variablesFrom: string;
}

/** Reads the template and its declared variables and counts its worst case. */
export async function countTemplate(
  io: Io,
  file: string,
  stdinName: string | undefined,
  kind: "transcript" | "json" | "jsonl",
  schemaFile: string,
  configVariables: Readonly<Record<string, unknown>> | undefined,
  options: Record<string, unknown>,
  limits: LimitOptions,
): Promise<TemplateCountReport> {
  if (kind === "jsonl") throw usageError(`--vars-schema counts one template; ${file} is a JSONL dataset`);
  const source = await readSource(io, file, stdinName);
  const json = kind === "transcript" ? undefined : parseJson(source.text, source.name);
  const template = json === undefined ? source.text : json.value;
  const declared =
    schemaFile === "" ? await sidecar(source, configVariables) : await schemaOf(io, schemaFile);
  const { countWorstCase } = await import("@chatmlkit/validator");
  try {
    const counted = await countWorstCase(template, declared.schema, { ...options, ...limits });
    return { file: source.name, variablesFrom: declared.from, ...counted };
  } catch (error) {
    throw placedError(error, source.name, json);
  }
}

async function sidecar(source: SourceText, configVariables: Readonly<Record<string, unknown>> | undefined) {
  const found = await templateVariables(source.path, source.name, Number.POSITIVE_INFINITY, configVariables);
  if (found === undefined)
    throw usageError(
      `--vars-schema: ${source.name} has no ${source.name}.vars.json beside it and the config declares no variables; name the schema: --vars-schema FILE`,
    );
  return found;
}

async function schemaOf(io: Io, file: string) {
  const source = await readSource(io, file);
  const doc = parseJson(source.text, source.name);
  const { readVariables } = await import("@chatmlkit/validator");
  const problem = readVariables(doc.value).problems[0];
  if (problem !== undefined) {
    const at = doc.locate(problem.path);
    throw new CliError(`${source.name}:${at.line}:${at.column}: ${problem.message}`, EXIT.usage);
  }
  return { schema: doc.value as Record<string, unknown>, from: source.name };
}

/** The text report: the fixed part, each variable's allowance, the worst case and the verdict. */
export function describeTemplate(r: TemplateCountReport): string {
  const window =
    r.contextWindow === Number.POSITIVE_INFINITY ? "no context window" : `context window ${r.contextWindow}`;
  let out = `${r.file}: worst case ${r.promptTokens} prompt tokens (${r.model ?? "custom model"}, ${r.encoding}; variables from ${r.variablesFrom})\n`;
  out += `  ${window}, max_tokens ${r.maxTokens}: ${r.fits ? "fits" : "DOES NOT FIT"}\n`;
  for (const breach of r.breaches) out += `  over: ${breach.message}\n`;
  out += `  ${"fixed part".padEnd(24)} ${String(r.fixedTokens).padStart(7)}\n`;
  for (const v of r.variables) {
    const name = `{{ ${v.name} }}${v.occurrences > 1 ? ` x${v.occurrences}` : ""}`;
    const each = v.allowance === undefined ? 0 : v.allowance * v.occurrences;
    const how =
      v.bound === "maxTokens"
        ? "maxTokens + 3 at its edges"
        : v.bound === "maxLength"
          ? "maxLength x 4 tokens a character + 3 at its edges"
          : "no maxTokens or maxLength: unbounded, left out";
    out += `  ${name.padEnd(24)} ${String(each).padStart(7)}  ${how}\n`;
  }
  out += `  ${"worst case".padEnd(24)} ${String(r.promptTokens).padStart(7)}\n`;
  if (r.unbounded.length > 0)
    out += `  note: ${r.unbounded.join(", ")} ${r.unbounded.length === 1 ? "has" : "have"} no bound: the worst case is higher than this\n`;
  return out;
}
