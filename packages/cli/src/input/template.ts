// Prompt templates as the CLI finds them: a transcript or messages file that holds a
// `{{ name }}` placeholder (or any, with --template), and its declared variables in a sidecar
// named after it plus `.vars.json` (support.chatml.vars.json), else the config's `variables`.
import { stat } from "node:fs/promises";
import { scanPlaceholders } from "@chatmlkit/parser";
import { CliError, EXIT } from "../errors.js";
import { parseJson } from "./json.js";
import { readFileText } from "./read.js";

/** The sidecar of a template: its declared variables. */
export const SIDECAR = ".vars.json";

/** Whether a file's text holds a placeholder (and so is read as a template without --template). */
export function holdsPlaceholder(text: string): boolean {
  return text.includes("{{") && scanPlaceholders(text).placeholders.length > 0;
}

/** Declared variables and where they came from (a sidecar's name in reports). */
export interface TemplateVariables {
  readonly schema: Readonly<Record<string, unknown>>;
  readonly from: string;
  /** Where a JSON path of the schema is in its file (a sidecar's). */
  readonly locate?: (path: string) => { line: number; column: number };
}

/**
 * The variables of the template at `path` (reported as `name`): its sidecar
 * when there is one, else `fallback` (the config's). A sidecar that is not
 * JSON, or not a schema of variables, is an error at its line and column
 * (exit 2, like a bad config): the template cannot be checked without it.
 */
export async function templateVariables(
  path: string | undefined,
  name: string,
  limit: number,
  fallback: Readonly<Record<string, unknown>> | undefined,
): Promise<TemplateVariables | undefined> {
  const config = fallback === undefined ? undefined : { schema: fallback, from: "the config's variables" };
  if (path === undefined) return config;
  const file = path + SIDECAR;
  const shown = name + SIDECAR;
  try {
    if (!(await stat(file)).isFile()) return config;
  } catch {
    return config;
  }
  let doc: ReturnType<typeof parseJson>;
  try {
    doc = parseJson(await readFileText(file, shown, limit), shown);
  } catch (error) {
    throw error instanceof CliError
      ? new CliError(
          String(
            error.message.startsWith(shown) ? error.message : `${shown}${where(error)}: ${error.message}`,
          ),
          EXIT.usage,
        )
      : error;
  }
  const { readVariables } = await import("@chatmlkit/validator");
  const { problems } = readVariables(doc.value);
  const first = problems[0];
  if (first !== undefined) {
    const at = doc.locate(first.path);
    throw new CliError(`${shown}:${at.line}:${at.column}: ${first.message}`, EXIT.usage);
  }
  return { schema: doc.value as Record<string, unknown>, from: shown, locate: (p) => doc.locate(p) };
}

const where = (error: CliError) =>
  error.location?.line === undefined ? "" : `:${error.location.line}:${error.location.column ?? 1}`;
