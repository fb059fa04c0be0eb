import type { Diagnostic } from "./diagnostics.js";
import type { PlaceholderNode } from "./template/read-placeholders.js";

/** The two layouts of ChatML seen in the wild. */
export type Dialect = "chatml" | "chatml-sep";

/** What a `dialect` option may be: a dialect, or `auto` (each message read as it is written). */
export const DIALECT_OPTIONS: readonly (Dialect | "auto")[] = ["auto", "chatml", "chatml-sep"];

/**
 * Whether `value` is one of DIALECT_OPTIONS.
 *
 * @example
 * isDialectOption("chatml-sep"); // true
 * isDialectOption("hermes"); // false: a profile, not a dialect
 */
export function isDialectOption(value: unknown): value is Dialect | "auto" {
  return (DIALECT_OPTIONS as readonly unknown[]).includes(value);
}

/** The words for a `dialect` option that is none of DIALECT_OPTIONS. */
export function unknownDialectMessage(value: unknown): string {
  return `unknown dialect "${String(value)}"; expected auto, chatml or chatml-sep`;
}

/** A half-open range of UTF-16 offsets into the source text: `[start, end)`. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Where a message's parts are in the source text (UTF-16 offsets, end
 * exclusive). Flat rather than nested: a 10 MB transcript has 20k of these.
 */
export interface MessageSpan extends Range {
  /** The header text after `<|im_start|>`: role and attributes, without the newline. */
  readonly headerStart: number;
  readonly headerEnd: number;
  /** The body between the header's end and `<|im_end|>`. */
  readonly contentStart: number;
  readonly contentEnd: number;
}

/** A tool call as the Chat Completions API returns it, read from a `<tool_call>` block by a profile. */
export interface MessageToolCall {
  /** `call_0`, `call_1`, ...: the blocks of the text in order (the model writes no id). */
  id: string;
  type: "function";
  function: {
    name: string;
    /** The arguments as the API gives them: a JSON string, here the block's own JSON text of them. */
    arguments: string;
  };
}

/** One chat message. */
export interface Message {
  role: string;
  content: string;
  /** The `name=` header attribute (OpenAI's few-shot `name=example_user`). */
  name?: string;
  /** Every other `key=value` header attribute, in source order. */
  attributes?: Record<string, string>;
  /** An assistant's reasoning (Qwen3's `<think>` block), read by `parse` with a profile that writes it. */
  reasoning_content?: string;
  /** An assistant's `<tool_call>` blocks, read by `parse` with a profile that writes tools. */
  tool_calls?: MessageToolCall[];
  /** A tool result's call: the id of the call it answers, in order, when the result follows it. */
  tool_call_id?: string;
  /** Where the message came from; set by `parse`, ignored by `compile`. */
  span?: MessageSpan;
}

/** A transcript as data: what `parse` returns and `compile` accepts. */
export interface ChatMLDocument {
  messages: Message[];
  /** The transcript ends with an open header that asks the model for the next turn. */
  addGenerationPrompt: boolean;
  /** The final message has no `<|im_end|>`: the model is to continue it. */
  continueFinalMessage: boolean;
  /** Role of the open header when `addGenerationPrompt` is set and it is not `assistant`. */
  generationRole?: string;
  /** The tools a profile's system message declares (`{ type: "function", function }` each), read by `parse` with the profile. */
  tools?: Array<Record<string, unknown>>;
}

/** A token of the source text; the images of all tokens concatenate to the text. */
export interface SourceToken {
  readonly image: string;
  readonly startOffset: number;
  readonly tokenType: { readonly name: string };
}

/** What `parse` returns: the document, its diagnostics and the lossless token stream. */
export interface ParseResult extends ChatMLDocument {
  messages: Array<Message & { span: MessageSpan }>;
  /** The dialect used: the one asked for, or the one detected from the first header. */
  dialect: Dialect;
  diagnostics: Diagnostic[];
  /** Every byte of the input, in order. See `source()`. Lexed on first access. */
  tokens: readonly SourceToken[];
  /**
   * Set when `parse` was given a profile and the text has no `<|im_start|>`: it was read as a
   * model's raw output, the assistant's answer after the generation prompt (one message).
   */
  modelOutput?: true;
  /**
   * Set by `parse(text, { profile })` for a profile with tags (`<tool_call>`, `<think>`, ...):
   * where the reading took them as structure, in order. Any other occurrence of the profile's
   * tags is text the model still reads as structure (validate's `structural-tag` rule).
   */
  structuralTags?: Range[];
  /** Set by `parse(text, { placeholders: true })`: the contents' `{{ name }}` placeholders, in text order. */
  placeholders?: PlaceholderNode[];
}
