import { ChatMLCompileError, type CompileIssue } from "./compile-errors.js";

// The ./compile subpath export is this module: it carries its error class along.
export { ChatMLCompileError } from "./compile-errors.js";

import {
  type CheckedMessage,
  type ContentSpecials,
  checkInput,
  type DropField,
  type UnknownKeys,
} from "./compile-input.js";

export { type DropField, type DroppedField, droppedBy } from "./compile-input.js";
export { PROFILE_NAMES, profileInfo } from "./profiles/registry.js";
export type { ProfileInfo, ProfileName, ProfileSource } from "./profiles/types.js";
export type { AttributedSegments, OwnerMark, SegmentOwner } from "./segment-owners.js";

import type { ChatMLDocument, Dialect, Message } from "./document.js";
import { headerBreakIn } from "./header-word.js";
import { writeProfile } from "./profiles/compile-profile.js";
import { PROFILE_NAMES, profileFor } from "./profiles/registry.js";
import type { ProfileName } from "./profiles/types.js";
import { AttributedSegmentList, type AttributedSegments, type SegmentOwner } from "./segment-owners.js";
import { type Segment, SegmentList } from "./segments.js";
import { IM_END, IM_SEP, IM_START, SPECIAL_LOOKING } from "./special-tokens.js";

/** What `compile` accepts: messages, a Chat Completions request body, or a parsed document. */
/** A text part of a Chat Completions message's content. */
export interface TextContentPart {
  readonly type: "text";
  readonly text: string;
}

/** A message as compile takes it: ChatML's own, or a Chat Completions message with text content parts. */
export type CompileMessage = Omit<Message, "content" | "tool_calls"> & {
  readonly content: string | readonly TextContentPart[];
  /** Profiles that write tools take `arguments` as the API's JSON string or as an object. */
  readonly tool_calls?: readonly unknown[];
};

/**
 * What compile reads: a messages array, a Chat Completions request body (its
 * other members, `model`, `temperature`..., are ignored) or a parsed document.
 */
export type CompileInput =
  | readonly CompileMessage[]
  | { readonly messages: readonly CompileMessage[]; readonly [member: string]: unknown }
  | ChatMLDocument;

/** Options of `compile` and `compileToSegments`. */
export interface CompileOptions {
  /**
   * The model whose chat format to write: `chatml` (default: ChatML v0),
   * `qwen1.5`, `qwen2`, `qwen2.5`, `qwen3`, `hermes`, `phi-4`. A profile fixes
   * the dialect, the default system message, how tools, tool calls, tool
   * results and reasoning are written, and the generation prompt.
   */
  profile?: ProfileName;
  /**
   * Qwen3's `enable_thinking`: `false` ends the generation prompt with an
   * empty `<think>` block, so the model answers without reasoning. Only for
   * profiles that have the switch (`qwen3`).
   */
  enableThinking?: boolean;
  /** Layout to write; default the input document's `dialect`, else `chatml` (a profile fixes it). */
  dialect?: Dialect;
  /**
   * End with an open header for the model's answer. Default: the input
   * document's flag, else true (unless `continueFinalMessage` is set).
   */
  addGenerationPrompt?: boolean;
  /**
   * Leave the final message open (no `<|im_end|>`) for the model to continue.
   * `"reasoning"` (profiles that write reasoning): stop inside the final
   * assistant's reasoning block, after its `reasoning_content`.
   */
  continueFinalMessage?: boolean | "reasoning";
  /** Role of the generation prompt's header; default the document's, else `assistant`. */
  generationRole?: string;
  /** Message keys that ChatML v0 cannot carry (`tool_calls`, ...): `error` (default) or `ignore`. */
  unknownKeys?: UnknownKeys;
  /**
   * What to leave out instead of refusing: `tools` (definitions, calls and
   * call ids), `images` (image parts). `droppedBy` lists what was left out.
   */
  drop?: readonly DropField[];
}

/** Options of `compileToSegments`. */
export interface SegmentCompileOptions extends CompileOptions {
  /**
   * Special-token text in content: `error` (default) refuses it, as `compile`
   * does; `text` keeps it as literal text, which the segment form makes safe:
   * a tokenizer encodes text items as ordinary text, never as special ids.
   * Roles, names and attributes are always checked.
   */
  contentSpecials?: ContentSpecials;
}

/** Receives the pieces of a transcript in order, and (if it asks) who writes the next ones. */
interface Sink {
  special(token: string): void;
  text(text: string): void;
  owner?(owner: SegmentOwner): void;
}

/** The outcome of `tryCompile`: the transcript, or every issue found. */
export type CompileResult = { ok: true; text: string } | { ok: false; issues: readonly CompileIssue[] };

/**
 * Writes messages as a ChatML transcript. Safe by default: a special token in
 * any field is an error, never passed through.
 *
 * @throws {ChatMLCompileError} with every issue and its JSON path.
 * @example
 * compile([{ role: "user", content: "Hi" }]);
 * // "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
 */
export function compile(input: CompileInput, options: CompileOptions = {}): string {
  let text = "";
  write(input, options, {
    special: (token) => {
      text += token;
    },
    text: (piece) => {
      text += piece;
    },
  });
  return text;
}

/**
 * Like `compile`, but returns the safe segment form: special tokens as
 * `{ token }` items, everything else as text.
 *
 * @throws {ChatMLCompileError}
 * @example
 * compileToSegments([{ role: "user", content: "Hi" }], { addGenerationPrompt: false });
 * // [{ token: "<|im_start|>" }, "user\nHi", { token: "<|im_end|>" }, "\n"]
 */
export function compileToSegments(input: CompileInput, options: SegmentCompileOptions = {}): Segment[] {
  const list = new SegmentList();
  write(input, options, list, options.contentSpecials);
  return list.done();
}

/**
 * `compileToSegments`, with who wrote each stretch: a message's index, or the
 * template's own `system-prompt`, `tools` or `generation-prompt`. A count uses
 * it to say where a profile's tokens go (grouped tool results, a default system
 * prompt, tools declared in the system turn) from one compile.
 *
 * @throws {ChatMLCompileError}
 * @example
 * compileToAttributedSegments([{ role: "user", content: "Hi" }], { profile: "qwen2" }).owners;
 * // [{ at: 0, owner: "system-prompt" }, { at: 4, owner: 0 }, { at: 8, owner: "generation-prompt" }]
 */
export function compileToAttributedSegments(
  input: CompileInput,
  options: SegmentCompileOptions = {},
): AttributedSegments {
  const list = new AttributedSegmentList();
  write(input, options, list, options.contentSpecials);
  return list.attributed();
}

/** `compile` that returns issues instead of throwing. */
export function tryCompile(input: CompileInput, options: CompileOptions = {}): CompileResult {
  try {
    return { ok: true, text: compile(input, options) };
  } catch (error) {
    if (error instanceof ChatMLCompileError) return { ok: false, issues: error.issues };
    throw error;
  }
}

function write(
  input: CompileInput,
  options: CompileOptions,
  sink: Sink,
  contentSpecials: ContentSpecials = "error",
): void {
  const name = options.profile ?? "chatml";
  const profile = profileFor(name);
  if (profile === undefined) {
    throw new ChatMLCompileError([
      optionIssue(`unknown profile ${JSON.stringify(name)}; expected one of ${PROFILE_NAMES.join(", ")}`),
    ]);
  }
  if (profile.write !== undefined) {
    writeProfile(profile, input, options, sink, contentSpecials);
    return;
  }
  const checked = checkInput(input, options.unknownKeys ?? "error", contentSpecials, options.drop);
  const issues = checked.issues;
  const dialect = options.dialect ?? checked.dialect ?? "chatml";
  if (dialect !== "chatml" && dialect !== "chatml-sep") {
    issues.push(optionIssue(`unknown dialect "${String(dialect)}"; expected chatml or chatml-sep`));
  }
  if (options.enableThinking !== undefined) {
    issues.push(optionIssue("enableThinking is Qwen3's switch; give profile qwen3"));
  }
  if (options.continueFinalMessage === "reasoning") {
    issues.push(
      optionIssue('continueFinalMessage "reasoning" needs a profile that writes reasoning (qwen3)'),
    );
  }
  const continueFinal = options.continueFinalMessage ?? checked.continueFinalMessage ?? false;
  const generation = options.addGenerationPrompt ?? checked.addGenerationPrompt ?? !continueFinal;
  const generationRole = options.generationRole ?? checked.generationRole ?? "assistant";
  if (continueFinal && generation) {
    issues.push(optionIssue("continueFinalMessage and addGenerationPrompt cannot both be set"));
  }
  if (continueFinal && checked.messages.length === 0) {
    issues.push(optionIssue("continueFinalMessage needs at least one message to continue"));
  }
  // A document's own generationRole was checked where it was read, at its path; only the option's is checked here.
  const fromOption = options.generationRole !== undefined;
  if (
    fromOption &&
    (generationRole === "" || SPECIAL_LOOKING.test(generationRole) || headerBreakIn(generationRole) !== -1)
  ) {
    issues.push(optionIssue(`generation role ${JSON.stringify(generationRole)} is not a valid role`));
  }
  if (issues.length > 0) throw new ChatMLCompileError(issues);

  const separator = dialect === "chatml-sep";
  const last = checked.messages.length - 1;
  checked.messages.forEach((message, index) => {
    sink.owner?.(message.index);
    sink.special(IM_START);
    sink.text(headerOf(message));
    if (separator) sink.special(IM_SEP);
    else sink.text("\n");
    sink.text(message.content);
    if (continueFinal && index === last) return;
    sink.special(IM_END);
    if (!separator) sink.text("\n");
  });
  if (generation) {
    sink.owner?.("generation-prompt");
    sink.special(IM_START);
    sink.text(generationRole);
    if (separator) sink.special(IM_SEP);
    else sink.text("\n");
  }
}

function headerOf(message: CheckedMessage): string {
  let header = message.role;
  if (message.name !== undefined) header += ` name=${message.name}`;
  for (const [key, value] of message.attributes) header += ` ${key}=${value}`;
  return header;
}

function optionIssue(message: string): CompileIssue {
  return { code: "invalid-option", message, path: "options" };
}
