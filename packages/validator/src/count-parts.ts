// What each part of a Chat Completions request costs, with the method that
// matches the API for it. count-chat.ts adds the parts up; a part's path says
// what it is, so a caller can show where the tokens go.
import {
  type ChatMessage,
  isRecord,
  MAX_DEPTH,
  memberPath,
  type ToolDefinition,
  tooDeepPath,
} from "@chatmlkit/parser";
import type { ImageContext } from "./count-options.js";
import { functionsNamespace } from "./functions-namespace.js";
import { imagePartTokens } from "./images/index.js";
import { InvalidInputError } from "./input-error.js";
import type { ChatFormula } from "./models.js";
import type { Tokenizer } from "./tokenizer.js";

/** How a part of a count was worked out. */
export type CountMethod =
  /** Every reply is primed with the assistant's header. */
  | "reply-priming"
  /** tokens_per_message of the formula. */
  | "per-message"
  /** tokens_per_name of the formula. */
  | "per-name"
  /** The tokens of a string value. */
  | "text"
  /** An assistant's legacy `function_call`: its name and arguments, plus 3. */
  | "function-call"
  /** A `function` message counts 2 fewer than its values. */
  | "function-message"
  /** Legacy `functions`, as the TypeScript namespace the API writes, plus 9. */
  | "functions-namespace"
  /** With `functions`, the first system message gains a newline and the prompt loses 4. */
  | "functions-system"
  /** The request's `function_call`: `"none"` 1, `{ name }` the name plus 4, `"auto"` nothing. */
  | "function-call-parameter"
  /** `tools`, with the OpenAI cookbook's per-function and per-property constants. */
  | "tools-cookbook"
  /** The request's `tool_choice`, by analogy with `function_call` (not published: an estimate). */
  | "tool-choice"
  /** An assistant's tool call, as a function call (not published: an estimate). */
  | "tool-call"
  /** An image part, with its model family's 512-px tile formula (OpenAI's vision guide). */
  | "image-tiles"
  /** An image part, with its model family's 32-px patch formula and multiplier. */
  | "image-patches"
  /** A value no method covers, counted as its JSON text (an estimate). */
  | "json-text"
  /** A message's tokens in its compiled ChatML (or a profile's transcript), special tokens as the tokenizer's ids. */
  | "chatml-tokens"
  /** The default system prompt a profile's template adds when the conversation has none. */
  | "system-prompt"
  /** The request's `tools` as a profile's template declares them (in Qwen's and Hermes' system turn). */
  | "tools-declaration"
  /** Not counted (audio, files, unknown parts, images of unknown size): the count is a lower bound. */
  | "not-counted";

/** One part of a count: what (its JSON path), how, how many tokens. */
export interface CountPart {
  /** JSON path of the value: `$.messages[1].content`, `$.functions`; `$` for reply priming. */
  readonly path: string;
  readonly method: CountMethod;
  readonly tokens: number;
  /** The message the part belongs to; undefined for the request's own parts. */
  readonly messageIndex: number | undefined;
  /** False when the method is an estimate or the value was not counted; `note` says which. */
  readonly exact: boolean;
  readonly note?: string;
}

/** Counts the parts of one request; `parts` collects them in order. */
export class PartCounter {
  readonly parts: CountPart[] = [];

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly formula: ChatFormula,
    private readonly images: ImageContext,
  ) {}

  /** A message's parts. `padNewline`: the first system message of a request with `functions`. */
  message(message: ChatMessage, path: string, padNewline: boolean): void {
    const { index, raw } = message;
    const f = this.formula;
    this.add(path, "per-message", f.tokensPerMessage, index);
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      // `span` holds a parsed document's positions, `weight` a fine-tuning flag: neither reaches the model.
      if (value === null || value === undefined || key === "weight" || key === "span") continue;
      const at = `${path}${memberPath(key)}`;
      if (key === "content" && Array.isArray(value)) this.contentParts(value, at, index);
      else if (key === "function_call" && message.functionCall !== undefined) this.functionCall(message, at);
      else if (key === "tool_calls" && message.toolCalls !== undefined)
        this.toolCalls(message, message.toolCalls);
      else this.value(value, at, index);
      if (key === "name") this.add(at, "per-name", f.tokensPerName, index);
    }
    if (message.role === "function") this.add(path, "function-message", -2, index);
    if (padNewline) {
      const content = typeof raw.content === "string" ? raw.content : undefined;
      const pad = content === undefined ? 0 : this.text(`${content}\n`) - this.text(content);
      this.add(path, "functions-system", pad - 4, index);
    }
  }

  /** The request's own parts: tool and function definitions and the choice parameters. */
  request(body: Readonly<Record<string, unknown>> | undefined, definitions: readonly ToolDefinition[]): void {
    const tools = definitions.filter((d) => d.kind === "tool").map((d) => d.raw);
    const functions = definitions.filter((d) => d.kind === "function").map((d) => d.raw);
    if (tools.length > 0) this.add("$.tools", "tools-cookbook", this.cookbookTools(tools), undefined);
    if (functions.length > 0) {
      this.add("$.functions", "functions-namespace", this.text(functionsNamespace(functions)) + 9, undefined);
    }
    this.choice(body?.function_call, "$.function_call", "function-call-parameter", true);
    this.choice(body?.tool_choice, "$.tool_choice", "tool-choice", false);
  }

  private add(
    path: string,
    method: CountMethod,
    tokens: number,
    messageIndex: number | undefined,
    note?: string,
  ): void {
    const exact = note === undefined;
    this.parts.push(
      exact
        ? { path, method, tokens, messageIndex, exact }
        : { path, method, tokens, messageIndex, exact, note },
    );
  }

  private text(value: string): number {
    return this.tokenizer.countText(value);
  }

  private value(value: unknown, path: string, index: number): void {
    if (typeof value === "string") {
      this.add(path, "text", this.text(value), index);
      return;
    }
    const deep = tooDeepPath(value, 2);
    if (deep !== undefined) {
      // An issue at its path, as the reader's are, so that a caller can place it in its file.
      throw new InvalidInputError([
        {
          code: "invalid-message",
          path: `${path}${deep}`,
          message: `nested deeper than ${MAX_DEPTH} levels`,
          messageIndex: index,
        },
      ]);
    }
    this.add(
      path,
      "json-text",
      // undefined (an array's hole or member a JS caller left) goes out as null, as JSON.stringify writes it there
      this.text(JSON.stringify(value) ?? "null"),
      index,
      `${path} is not a string; counted as its JSON text (an estimate)`,
    );
  }

  private contentParts(parts: readonly unknown[], path: string, index: number): void {
    parts.forEach((part, j) => {
      const at = `${path}[${j}]`;
      if (isRecord(part) && part.type === "text" && typeof part.text === "string") {
        this.add(`${at}.text`, "text", this.text(part.text), index);
      } else if (isRecord(part) && part.type === "image_url") {
        this.image(part, at, index);
      } else {
        const what =
          isRecord(part) && typeof part.type === "string" ? `a "${part.type}" part` : "not a text part";
        this.add(at, "not-counted", 0, index, `${at} (${what}) was not counted: the count is a lower bound`);
      }
    });
  }

  /** An image part: its family's formula on its size (read from a data URL, or the caller's). */
  private image(part: unknown, path: string, index: number): void {
    const { model, sizes } = this.images;
    if (model === undefined) {
      this.add(
        path,
        "not-counted",
        0,
        index,
        `${path}: an image is counted by its model's formula, and no model was named; not counted: the count is a lower bound`,
      );
      return;
    }
    const counted = imagePartTokens(part, { model, ...(sizes !== undefined && { sizes }) });
    if (counted.kind === "tokens") {
      const method = counted.method === "tiles" ? "image-tiles" : "image-patches";
      const note = counted.exact ? undefined : `${path}: ${counted.note ?? counted.description}`;
      this.add(path, method, counted.tokens, index, note);
      return;
    }
    this.add(
      path,
      "not-counted",
      0,
      index,
      `${path}: ${counted.message}; not counted: the count is a lower bound`,
    );
  }

  private functionCall(message: ChatMessage, path: string): void {
    const call = message.functionCall;
    if (call === undefined) return;
    const args = call.arguments;
    if (call.name === undefined || !(typeof args === "string" || args === undefined)) {
      this.value(message.raw.function_call, path, message.index);
      return;
    }
    this.add(path, "function-call", this.text(call.name) + this.text(args ?? "") + 3, message.index);
  }

  private toolCalls(message: ChatMessage, calls: NonNullable<ChatMessage["toolCalls"]>): void {
    for (const call of calls) {
      const fn = call.function;
      const args = fn?.arguments;
      if (fn?.name === undefined || !(typeof args === "string" || args === undefined)) {
        this.value((message.raw.tool_calls as unknown[])[call.index], call.path, message.index);
        continue;
      }
      const tokens = this.text(fn.name) + this.text(args ?? "") + 3;
      this.add(
        call.path,
        "tool-call",
        tokens,
        message.index,
        `${call.path}: OpenAI has not published how tool calls are counted; counted as a function call (an estimate)`,
      );
    }
  }

  private choice(value: unknown, path: string, method: CountMethod, published: boolean): void {
    if (value === undefined || value === null || value === "auto") return;
    const note = published ? undefined : `${path}: not published; counted as function_call is (an estimate)`;
    if (value === "none") {
      this.add(path, method, 1, undefined, note);
      return;
    }
    // `{ name }` for function_call; `{ type: "function", function: { name } }` for tool_choice.
    const named = isRecord(value) && isRecord(value.function) ? value.function : value;
    if (isRecord(named) && typeof named.name === "string") {
      this.add(path, method, this.text(named.name) + 4, undefined, note);
      return;
    }
    this.add(
      path,
      "not-counted",
      0,
      undefined,
      `${path} (${JSON.stringify(value)}) was not counted: the count is a lower bound`,
    );
  }

  /** OpenAI cookbook's estimate of tool definitions. */
  private cookbookTools(functions: readonly Readonly<Record<string, unknown>>[]): number {
    const f = this.formula;
    let tokens = 0;
    for (const fn of functions) {
      tokens += f.funcInit;
      tokens += this.text(`${textOf(fn.name)}:${withoutFinalDot(textOf(fn.description))}`);
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
          for (const item of prop.enum) tokens += f.enumItem + this.text(textOf(item));
        }
        tokens += this.text(`${key}:${textOf(prop.type)}:${withoutFinalDot(textOf(prop.description))}`);
      }
    }
    return tokens + f.funcEnd;
  }
}

/** A definition's value as the text it is counted as: a string as it is, anything else as JSON (never throws). */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  // Null counts as nothing, and so do NaN and the infinities, which go out as null in the JSON body.
  if (value === null) return "";
  if (typeof value === "number" && !Number.isFinite(value)) return "";
  try {
    // Undefined (a member a JS caller left) is not in the JSON body: nothing.
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

function withoutFinalDot(value: string): string {
  return value.endsWith(".") ? value.slice(0, -1) : value;
}
