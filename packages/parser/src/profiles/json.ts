// JSON as the chat templates' `tojson` writes it: transformers (and
// @huggingface/jinja) register their own filter, json.dumps(x, ensure_ascii=False):
// ", " and ": " separators, keys in the order given, non-ASCII kept as is. Plain
// Jinja2's tojson would sort keys and escape <, >, & and ', which no model's
// template is rendered with.

/**
 * Serialises `value` the way a chat template's `tojson` filter does.
 *
 * @example
 * toJson({ b: 1, a: ["é", null] }); // '{"b": 1, "a": ["é", null]}'
 */
export function toJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(toJson).join(", ")}]`;
  if (typeof value === "object") {
    const members: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) members.push(`${JSON.stringify(key)}: ${toJson(member)}`);
    }
    return `{${members.join(", ")}}`;
  }
  return "null";
}
