// unknown-field: a message or request key the API knows, so a misspelt key is not silently lost.
import { memberPath } from "@chatmlkit/parser";
import type { InputMessage } from "../input.js";
import { closest, didYouMean } from "../suggest.js";
import { defineRule, json } from "./define.js";
import { jsonField, type MessageFinding, whole } from "./message-check.js";

export const rule = defineRule("unknown-field", "warn", "validator", {
  category: "structure",
  summary:
    'A message or request body key that the Chat Completions API (or chatmlkit\'s own input) does not have, such as `"contnet"`: the closest known key is named.',
  rationale:
    "A misspelt key is dropped or refused: `contnet` leaves a message without content, `max_token` sends the request without its limit, and a fine-tuning upload fails over a key it does not take.",
  details:
    "Known message keys: role, content, name, tool_calls, tool_call_id, function_call, refusal, audio; `weight` (fine-tuning), `span` and `attributes` (a document from `chatml parse`) and `reasoning_content` (the reasoning of Qwen, DeepSeek and Hugging Face templates). Known body keys: the Chat Completions request parameters, a parsed document's flags (addGenerationPrompt, continueFinalMessage, generationRole, dialect, and `parse`'s own diagnostics and tokens), and vLLM's `documents` and `chat_template_kwargs` and a gateway's `system`. Input that has no messages (a preference pair) is not checked.",
  fails: json('[{ "role": "user", "contnet": "Hi", "content": "Hi" }]'),
  passes: json('[{ "role": "user", "content": "Hi" }]'),
});

/** Keys a message may have (see details). */
const MESSAGE_KEYS = new Set([
  "role",
  "content",
  "name",
  "tool_calls",
  "tool_call_id",
  "function_call",
  "refusal",
  "audio",
  "weight",
  "span",
  "attributes",
  "reasoning_content",
]);

/**
 * Keys a request body may have: the Chat Completions request parameters, as
 * OpenAI's API reference (CreateChatCompletionRequest) lists them, and what
 * chatmlkit reads besides (a parsed document's flags; input.ts's BODY_MEMBERS).
 */
const BODY_KEYS = new Set([
  "messages",
  "model",
  "audio",
  "frequency_penalty",
  "function_call",
  "functions",
  "logit_bias",
  "logprobs",
  "max_completion_tokens",
  "max_tokens",
  "metadata",
  "modalities",
  "n",
  "parallel_tool_calls",
  "prediction",
  "presence_penalty",
  "prompt_cache_key",
  "prompt_cache_retention",
  "reasoning_effort",
  "response_format",
  "safety_identifier",
  "seed",
  "service_tier",
  "stop",
  "store",
  "stream",
  "stream_options",
  "temperature",
  "tool_choice",
  "tools",
  "top_logprobs",
  "top_p",
  "user",
  "verbosity",
  "web_search_options",
  // A parsed document (`chatml parse`, or `parse`'s own result).
  "addGenerationPrompt",
  "continueFinalMessage",
  "generationRole",
  "dialect",
  "diagnostics",
  "tokens",
  // Read by validate besides the API's (input.ts, BODY_MEMBERS).
  "documents",
  "chat_template_kwargs",
  "system",
]);

/** Reports each key of the message that no message has. */
export function checkMessageKeys(message: InputMessage, listPath: string): MessageFinding[] {
  const read = message.json;
  if (read === undefined) return [];
  const out: MessageFinding[] = [];
  for (const key of read.otherKeys) {
    if (MESSAGE_KEYS.has(key)) continue;
    const path = `${listPath}[${message.index}]${memberPath(key)}`;
    out.push(unknown(`message field ${JSON.stringify(key)}`, key, path, MESSAGE_KEYS));
  }
  return out;
}

/** Reports each key of the request body that no request has. */
export function checkBodyKeys(body: Readonly<Record<string, unknown>>): MessageFinding[] {
  const out: MessageFinding[] = [];
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.has(key))
      out.push(unknown(`request field ${JSON.stringify(key)}`, key, `$${memberPath(key)}`, BODY_KEYS));
  }
  return out;
}

function unknown(what: string, key: string, path: string, known: ReadonlySet<string>): MessageFinding {
  return whole(
    "unknown-field",
    `unknown ${what}: the API does not take it${didYouMean(closest(key, [...known]).slice(0, 1))}`,
    jsonField(path, key, true),
  );
}
