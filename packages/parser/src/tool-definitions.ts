// The request body's tool declarations, read once for counting, validating and
// (later) the model profiles that write them into a system turn.
import { isRecord } from "./json-path.js";

/** A function the request declares, as `tools[i].function` or legacy `functions[i]`. */
export interface ToolDefinition {
  /** `tool`: from `tools`; `function`: from the legacy `functions`. */
  readonly kind: "tool" | "function";
  /** The entry's index in its list. */
  readonly index: number;
  /** JSON path of the function object: `$.tools[0].function` or `$.functions[0]`. */
  readonly path: string;
  /** Undefined when absent or not a string. */
  readonly name: string | undefined;
  readonly description: string | undefined;
  /** `parameters` as given (a JSON Schema object when well formed). */
  readonly parameters: unknown;
  /** `strict` as given (tools only). */
  readonly strict: unknown;
  /** The whole function object. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * The functions a request declares, `tools` first, then `functions`. Entries
 * that are not objects (or tools without a `function` object) are left out:
 * their shape is validate's to report.
 *
 * @example
 * readToolDefinitions({ tools: [{ type: "function", function: { name: "f" } }] })[0].path; // "$.tools[0].function"
 */
export function readToolDefinitions(body: Readonly<Record<string, unknown>> | undefined): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  if (body === undefined) return out;
  if (Array.isArray(body.tools)) {
    body.tools.forEach((tool, index) => {
      if (isRecord(tool) && isRecord(tool.function)) {
        out.push(definition("tool", index, `$.tools[${index}].function`, tool.function));
      }
    });
  }
  if (Array.isArray(body.functions)) {
    body.functions.forEach((fn, index) => {
      if (isRecord(fn)) out.push(definition("function", index, `$.functions[${index}]`, fn));
    });
  }
  return out;
}

function definition(
  kind: ToolDefinition["kind"],
  index: number,
  path: string,
  raw: Record<string, unknown>,
): ToolDefinition {
  return {
    kind,
    index,
    path,
    name: typeof raw.name === "string" ? raw.name : undefined,
    description: typeof raw.description === "string" ? raw.description : undefined,
    parameters: raw.parameters,
    strict: raw.strict,
    raw,
  };
}
