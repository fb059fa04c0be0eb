// `chatml compile` of a template: its placeholders are no text to send, so each is an error at
// its line and column, naming the variable (render fills them: `chatml render --vars`).
import { scanPlaceholders, walkStrings } from "@chatmlkit/parser";
import type { JsonDocument } from "./json.js";

/** A placeholder left in messages JSON: its variable, where it is, and the string's JSON path. */
export interface Unfilled {
  readonly name: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** The placeholders of every string of a JSON document, in order. */
export function unfilledPlaceholders(json: JsonDocument): Unfilled[] {
  const found: Unfilled[] = [];
  walkStrings(json.value, "$", 0, {
    string(text, path, isKey) {
      if (isKey || !text.includes("{{")) return;
      for (const p of scanPlaceholders(text).placeholders)
        found.push({ name: p.name, path, ...json.locate(path, p.start) });
    },
    tooDeep() {},
  });
  return found;
}
