// Legacy `functions` reach the model as a TypeScript namespace in the system
// prompt. OpenAI never published the text; its shape was reverse-engineered by
// hmarr/openai-chat-tokens and checked there against the API's prompt_tokens:
// a `namespace functions { ... }` block, one `type name = (_: { ... }) => any;`
// per function, property descriptions as `//` comments down to two levels of
// nesting, optional properties marked `?`, enums and `anyOf` as unions. We write the same
// text so that counting it gives the API's number.
import { isRecord } from "@chatmlkit/parser";

/**
 * The namespace text the API writes for a list of function definitions
 * (`{ name, description, parameters }`, the JSON Schema subset it renders).
 *
 * @example
 * functionsNamespace([{ name: "now", description: "Current time" }]);
 * // "namespace functions {\n\n// Current time\ntype now = () => any;\n\n} // namespace functions"
 */
export function functionsNamespace(functions: readonly Readonly<Record<string, unknown>>[]): string {
  const lines = ["namespace functions {", ""];
  for (const fn of functions) {
    if (typeof fn.description === "string" && fn.description !== "") lines.push(`// ${fn.description}`);
    const parameters = isRecord(fn.parameters) ? fn.parameters : {};
    const name = typeof fn.name === "string" ? fn.name : "";
    if (propertiesOf(parameters).length > 0) {
      lines.push(`type ${name} = (_: {`, objectBody(parameters, 0), "}) => any;");
    } else {
      lines.push(`type ${name} = () => any;`);
    }
    lines.push("");
  }
  lines.push("} // namespace functions");
  return lines.join("\n");
}

function propertiesOf(schema: Record<string, unknown>): [string, Record<string, unknown>][] {
  if (!isRecord(schema.properties)) return [];
  return Object.entries(schema.properties).map(([key, value]) => [key, isRecord(value) ? value : {}]);
}

/**
 * An object's properties, one per line. The indent prefixes each property's
 * first line only: a nested object's own lines carry their deeper indent
 * already, and its closing brace none (the API's text is this uneven).
 */
function objectBody(schema: Record<string, unknown>, indent: number): string {
  const required = Array.isArray(schema.required) ? schema.required : [];
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const [key, property] of propertiesOf(schema)) {
    const description = property.description;
    if (typeof description === "string" && description !== "" && indent < 2)
      lines.push(`${pad}// ${description}`);
    lines.push(`${pad}${key}${required.includes(key) ? "" : "?"}: ${typeOf(property, indent)},`);
  }
  return lines.join("\n");
}

function typeOf(schema: Record<string, unknown>, indent: number): string {
  // A union of the options (objects included), as `anyOf` means.
  if (Array.isArray(schema.anyOf)) {
    return schema.anyOf.map((option) => typeOf(isRecord(option) ? option : {}, indent)).join(" | ");
  }
  // `const` is not a literal here: measured, the API writes the plain type.
  const values = Array.isArray(schema.enum) ? schema.enum : undefined;
  switch (schema.type) {
    case "string":
      return values ? values.map((v) => `"${String(v)}"`).join(" | ") : "string";
    case "number":
    case "integer":
      return values ? values.map((v) => String(v)).join(" | ") : "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "object":
      return ["{", objectBody(schema, indent + 2), "}"].join("\n");
    case "array":
      return isRecord(schema.items) ? `${typeOf(schema.items, indent)}[]` : "any[]";
    default:
      // Types the rendering has no word for (unions given as arrays, no type) come out empty.
      return "";
  }
}
