// unknown-model: a request body names a model chatmlkit cannot count for, so its budget went unchecked.
import { ValidatorError } from "../errors.js";
import { resolveModel } from "../models.js";
import { didYouMean } from "../suggest.js";
import { defineRule, json } from "./define.js";
import { jsonField, type MessageFinding, whole } from "./message-check.js";

export const rule = defineRule("unknown-model", "warn", "validator", {
  category: "budget",
  summary:
    "A request body's `model` is not one chatmlkit knows, and no model was given to count with: the context window and budgets were not checked.",
  rationale:
    "A misspelt model (`gpt-5o`) fails at the API, and an Azure deployment name hides which model runs; either way the prompt was not counted, so a prompt that does not fit would pass in silence.",
  details:
    "Not an error: a deployment name is a valid body. Give the model it runs (the `model` option; `chatml --model`, or `model` in the config) to count and check it; the warning then goes.",
  fails: json('{\n  "model": "gpt-5o",\n  "messages": [{ "role": "user", "content": "Hello there" }]\n}'),
  passes: json('{\n  "model": "gpt-4o",\n  "messages": [{ "role": "user", "content": "Hello there" }]\n}'),
});

/**
 * The body's model, when the caller gave none and chatmlkit cannot count
 * for it: a finding at `$.model` with the closest known names.
 */
export function checkBodyModel(model: string | undefined, callerModel: string | undefined): MessageFinding[] {
  if (model === undefined || callerModel !== undefined) return [];
  try {
    resolveModel({ model });
    return [];
  } catch (error) {
    if (!(error instanceof ValidatorError)) throw error;
    const what =
      error.code === "unsupported-encoding"
        ? error.message
        : `model ${JSON.stringify(model)} is not one chatmlkit knows`;
    // An encoding's refusal names a known model: it carries no suggestions, so no hint.
    const hint = didYouMean(error.suggestions);
    return [
      whole(
        "unknown-model",
        `${what}, so the prompt was not counted against a context window${hint} (for a deployment name, give the model it runs: the model option, or chatml --model)`,
        jsonField("$.model", model),
      ),
    ];
  }
}
