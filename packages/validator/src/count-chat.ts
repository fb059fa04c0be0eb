import {
  type ChatMessage,
  type InputIssue,
  isRecord,
  MAX_DEPTH,
  messageMemberPath,
  readChatInput,
  readChatMessage,
  tooDeepPath,
} from "@chatmlkit/parser";
import { type CountOptions, contextWith, tokenizerFor } from "./count-options.js";
import { ValidatorError } from "./errors.js";
import { InvalidInputError } from "./input-error.js";
import type { ChatFormula, EncodingName } from "./models.js";
import type { Tokenizer } from "./tokenizer.js";

/** A Chat Completions request, or the parts of it that count. */
export interface ChatRequest {
  readonly messages: readonly unknown[];
  /** `[{ type: "function", function: { name, description, parameters } }]` */
  readonly tools?: readonly unknown[];
  /** The legacy form of `tools`: `[{ name, description, parameters }]`. */
  readonly functions?: readonly unknown[];
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
  /** Tool / function definitions (0 without tools). */
  readonly tools: number;
  /** The assistant header every reply is primed with. */
  readonly replyPriming: number;
  readonly encoding: EncodingName;
  readonly model?: string;
  /** The formula's id (`chat-o200k`); its constants are `CHAT_FORMULAS[formula]`. */
  readonly formula: ChatFormula["id"];
  /** A sentence naming the formula and its constants, to show with the count. */
  readonly formulaDescription: string;
  /** Values counted by approximation (non-string fields, image parts). */
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
    ...countChat(request, tokenizer, model.formula),
    ...(model.name !== "custom" && { model: model.name }),
  };
}

/** The synchronous core of `countChatTokens`, for a loaded tokenizer and the formula. */
export function countChat(
  request: ChatRequest | readonly unknown[],
  tokenizer: Tokenizer,
  formula: ChatFormula,
): Omit<ChatCount, "model"> {
  const input = readChatInput(request);
  const issues: InputIssue[] = [...input.issues];
  const read = input.list.map((entry, index) => readChatMessage(entry, input.listPath, index, issues));
  if (issues.length > 0) throw new InvalidInputError(issues);
  const notes: string[] = [];
  const messages = (read as ChatMessage[]).map(({ index, raw, role }) => {
    let tokens = formula.tokensPerMessage;
    for (const key of Object.keys(raw)) {
      // `span` holds a parsed document's positions, `weight` a fine-tuning flag: neither reaches the model.
      const value = raw[key];
      if (value === null || value === undefined || key === "weight" || key === "span") continue;
      tokens += countValue(value, messageMemberPath(input.listPath, index, key));
      if (key === "name") tokens += formula.tokensPerName;
    }
    return { index, role: role ?? "", tokens };
  });
  const body = (input.body ?? { messages: input.list }) as unknown as ChatRequest;
  const definitions = toolDefinitions(body);
  const tools = definitions.length === 0 ? 0 : countTools(definitions, tokenizer, formula);
  const sum = messages.reduce((total, m) => total + m.tokens, 0);
  return {
    promptTokens: formula.replyPriming + sum + tools,
    messages,
    tools,
    replyPriming: formula.replyPriming,
    encoding: tokenizer.encoding,
    formula: formula.id,
    formulaDescription: describeFormula(formula, tokenizer.encoding),
    notes,
  };

  function countValue(value: unknown, path: string): number {
    if (typeof value === "string") return tokenizer.countText(value);
    if (Array.isArray(value) && path.endsWith(".content")) {
      let tokens = 0;
      value.forEach((part, j) => {
        if (isRecord(part) && part.type === "text" && typeof part.text === "string") {
          tokens += tokenizer.countText(part.text);
        } else {
          notes.push(`${path}[${j}] is not a text part and was not counted`);
        }
      });
      return tokens;
    }
    // tool_calls, function_call, ...: the formula covers strings only.
    const deep = tooDeepPath(value, 2);
    if (deep !== undefined) {
      throw new ValidatorError("invalid-input", `${path}${deep}: nested deeper than ${MAX_DEPTH} levels`);
    }
    notes.push(`${path} is not a string; counted as its JSON text (an approximation)`);
    return tokenizer.countText(JSON.stringify(value));
  }
}

/** `tools` (the function inside each) or legacy `functions`, as plain definitions. */
function toolDefinitions(body: ChatRequest): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  // Not arrays (`"tools": 5`, `{}`): nothing to count; validate reports them.
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    if (isRecord(tool) && isRecord(tool.function)) out.push(tool.function);
  }
  for (const fn of Array.isArray(body.functions) ? body.functions : []) if (isRecord(fn)) out.push(fn);
  return out;
}

/** OpenAI cookbook's estimate of function definitions. */
function countTools(functions: Record<string, unknown>[], tokenizer: Tokenizer, f: ChatFormula): number {
  let tokens = 0;
  for (const fn of functions) {
    tokens += f.funcInit;
    tokens += tokenizer.countText(`${text(fn.name)}:${withoutFinalDot(text(fn.description))}`);
    const properties =
      isRecord(fn.parameters) && isRecord(fn.parameters.properties) ? fn.parameters.properties : {};
    const keys = Object.keys(properties);
    if (keys.length === 0) continue;
    tokens += f.propInit;
    for (const key of keys) {
      const prop = isRecord(properties[key]) ? properties[key] : {};
      tokens += f.propKey;
      if (Array.isArray(prop.enum)) {
        tokens += f.enumInit;
        for (const item of prop.enum) tokens += f.enumItem + tokenizer.countText(text(item));
      }
      tokens += tokenizer.countText(`${key}:${text(prop.type)}:${withoutFinalDot(text(prop.description))}`);
    }
  }
  return tokens + f.funcEnd;
}

function describeFormula(f: ChatFormula, encoding: EncodingName): string {
  return (
    `OpenAI chat formula ${f.id} (${encoding}): ${f.replyPriming} reply priming + ${f.tokensPerMessage} per message ` +
    `+ tokens of each value, ${f.tokensPerName >= 0 ? "+" : ""}${f.tokensPerName} per name; tools: func_init ${f.funcInit}, ` +
    `prop_init ${f.propInit}, prop_key ${f.propKey}, enum_init ${f.enumInit}, enum_item ${f.enumItem}, func_end ${f.funcEnd}. ` +
    "An estimate that has matched the API on published examples; server-side counting may change."
  );
}

/** A definition's value as the text it is counted as: a string as it is, anything else as JSON (never throws). */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

function withoutFinalDot(value: string): string {
  return value.endsWith(".") ? value.slice(0, -1) : value;
}
