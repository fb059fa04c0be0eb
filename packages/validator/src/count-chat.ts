import {
  type ChatMessage,
  type InputIssue,
  type ProfileName,
  readChatInput,
  readChatMessage,
  readToolDefinitions,
} from "@chatmlkit/parser";
import { countCompiledChat } from "./count-compiled.js";
import {
  type CountOptions,
  contextWith,
  type ImageContext,
  imageContext,
  tokenizerFor,
} from "./count-options.js";
import { type CountPart, PartCounter } from "./count-parts.js";
import { InvalidInputError } from "./input-error.js";
import type { ChatFormula } from "./models.js";
import { olderEngineNotes } from "./tiktoken-view.js";
import type { Tokenizer } from "./tokenizer.js";

/** A Chat Completions request, or the parts of it that count. */
export interface ChatRequest {
  readonly messages: readonly unknown[];
  /** `[{ type: "function", function: { name, description, parameters } }]` */
  readonly tools?: readonly unknown[];
  /** The legacy form of `tools`: `[{ name, description, parameters }]`. */
  readonly functions?: readonly unknown[];
  /** `"auto"`, `"none"` or `{ name }` (legacy). */
  readonly function_call?: unknown;
  /** `"auto"`, `"none"`, `"required"` or `{ type: "function", function: { name } }`. */
  readonly tool_choice?: unknown;
}

/** `prompt_tokens` as the Chat Completions API reports it, and where they come from. */
export interface ChatCount {
  readonly promptTokens: number;
  /** Per message: tokens_per_message, its values, and the name adjustment. */
  readonly messages: ReadonlyArray<{
    readonly index: number;
    readonly role: string;
    readonly tokens: number;
  }>;
  /** The request's own parts: tool and function definitions, `function_call` / `tool_choice` (0 without them). */
  readonly tools: number;
  /** The assistant header every reply is primed with. */
  readonly replyPriming: number;
  /** Where the tokens go: every counted value with its path and method; they add up to `promptTokens`. */
  readonly parts: readonly CountPart[];
  /**
   * False when some part is an estimate or was not counted (each such part has
   * a note): `promptTokens` is then a lower bound if only uncounted parts are
   * inexact, an estimate otherwise.
   */
  readonly exact: boolean;
  /** The encoding, or a tokenizer.json tokenizer's name. */
  readonly encoding: string;
  readonly model?: string;
  /** The model profile whose transcript was counted (`profile` option), when not plain ChatML. */
  readonly profile?: ProfileName;
  /**
   * The formula's id (`chat-o200k`); its constants are `CHAT_FORMULAS[formula]`.
   * `chatml-tokens` with a tokenizer.json or a profile: the compiled transcript's own tokens.
   */
  readonly formula: ChatFormula["id"] | "chatml-tokens";
  /** A sentence naming the formula and its constants, to show with the count. */
  readonly formulaDescription: string;
  /** The notes of the parts that are not exact, each naming its JSON path. */
  readonly notes: readonly string[];
}

/**
 * Counts what the Chat Completions API reports as `prompt_tokens`, with OpenAI's
 * published formula: 3 for reply priming, then per message tokens_per_message
 * plus the tokens of each value (plus tokens_per_name for `name`); tool
 * definitions with the cookbook's constants. The formula depends on the model
 * (gpt-3.5-turbo-0301: 4 and -1; later models 3 and 1) and is named in the result.
 *
 * @throws {ValidatorError} for an unknown model or input that is not messages.
 * @example
 * const count = await countChatTokens({ messages: [{ role: "user", content: "Hello" }] }, { model: "gpt-4o" });
 * count.promptTokens; // 8
 */
export async function countChatTokens(
  request: ChatRequest | readonly unknown[],
  options: CountOptions,
): Promise<ChatCount> {
  return countChatTokensSync(request, { ...options, tokenizer: await tokenizerFor(options) });
}

/**
 * `countChatTokens` without `await`, with a tokenizer loaded once
 * (`await tokenizerFor({ model })`).
 *
 * @example
 * const tokenizer = await tokenizerFor({ model: "gpt-4o" });
 * countChatTokensSync({ messages }, { model: "gpt-4o", tokenizer }).promptTokens;
 */
export function countChatTokensSync(
  request: ChatRequest | readonly unknown[],
  options: CountOptions & { tokenizer: Tokenizer },
): ChatCount {
  const { model, tokenizer } = contextWith(options.tokenizer, options);
  return {
    ...countChat(request, tokenizer, model.formula, imageContext(model, options), options.profile),
    ...(model.name !== "custom" && { model: model.name }),
  };
}

/**
 * The synchronous core of `countChatTokens`, for a loaded tokenizer and the
 * formula; images are counted with `images.model`'s formula (without one,
 * they are not counted, and the count says so). With a `profile` other than
 * `chatml`, the profile's transcript is counted instead (see `CountOptions.profile`).
 */
export function countChat(
  request: ChatRequest | readonly unknown[],
  tokenizer: Tokenizer,
  formula: ChatFormula,
  images: ImageContext = { model: undefined },
  profile: ProfileName = "chatml",
): Omit<ChatCount, "model"> {
  // An open model's vocabulary has no published per-message constants, nor has a model
  // profile's template: the transcript compile writes is counted.
  const count =
    tokenizer.kind === "tokenizer.json" || profile !== "chatml"
      ? countCompiledChat(request, tokenizer, profile)
      : countWithFormula(request, tokenizer, formula, images);
  const older = tokenizer.kind === "encoding" ? olderEngineNotes(request) : [];
  return older.length === 0 ? count : { ...count, exact: false, notes: [...count.notes, ...older] };
}

/** A request counted with OpenAI's per-message formula (countChat's plain ChatML path). */
function countWithFormula(
  request: ChatRequest | readonly unknown[],
  tokenizer: Tokenizer,
  formula: ChatFormula,
  images: ImageContext,
): Omit<ChatCount, "model"> {
  const input = readChatInput(request);
  const issues: InputIssue[] = [...input.issues];
  const read = input.list.map((entry, index) => readChatMessage(entry, input.listPath, index, issues));
  if (issues.length > 0) throw new InvalidInputError(issues);
  const messages = read as ChatMessage[];
  const definitions = readToolDefinitions(input.body);
  const counter = new PartCounter(tokenizer, formula, images);
  counter.parts.push({
    path: "$",
    method: "reply-priming",
    tokens: formula.replyPriming,
    messageIndex: undefined,
    exact: true,
  });
  // With legacy functions, the API pads the first system message (see count-parts.ts).
  const functions = definitions.some((d) => d.kind === "function");
  const padded = functions ? messages.findIndex((m) => m.role === "system") : -1;
  for (const message of messages) {
    counter.message(message, `${input.listPath}[${message.index}]`, message.index === padded);
  }
  counter.request(input.body, definitions);
  const { parts } = counter;
  const perMessage = new Array<number>(messages.length).fill(0);
  let promptTokens = 0;
  let tools = 0;
  for (const part of parts) {
    promptTokens += part.tokens;
    if (part.messageIndex !== undefined)
      perMessage[part.messageIndex] = (perMessage[part.messageIndex] ?? 0) + part.tokens;
    else if (part.method !== "reply-priming") tools += part.tokens;
  }
  return {
    promptTokens,
    messages: messages.map(({ index, role }) => ({
      index,
      role: role ?? "",
      tokens: perMessage[index] ?? 0,
    })),
    tools,
    replyPriming: formula.replyPriming,
    parts,
    exact: parts.every((part) => part.exact),
    encoding: tokenizer.encoding,
    formula: formula.id,
    formulaDescription: describeFormula(formula, tokenizer.encoding, functions),
    notes: parts.flatMap((part) => (part.note === undefined ? [] : [part.note])),
  };
}

function describeFormula(f: ChatFormula, encoding: string, functions: boolean): string {
  return (
    `OpenAI chat formula ${f.id} (${encoding}): ${f.replyPriming} reply priming + ${f.tokensPerMessage} per message ` +
    `+ tokens of each value, ${f.tokensPerName >= 0 ? "+" : ""}${f.tokensPerName} per name; tools: func_init ${f.funcInit}, ` +
    `prop_init ${f.propInit}, prop_key ${f.propKey}, enum_init ${f.enumInit}, enum_item ${f.enumItem}, func_end ${f.funcEnd}. ` +
    (functions
      ? "Legacy functions: the TypeScript namespace the API writes (reverse-engineered by hmarr/openai-chat-tokens) + 9, " +
        "the first system message padded with a newline, -4 with a system message. "
      : "") +
    "An estimate that has matched the API on published examples; server-side counting may change."
  );
}
