// What Qwen2.5 and Qwen3 share: tools declared in the system message as one
// JSON line each inside <tools>, calls as <tool_call> JSON blocks, and a run of
// tool results as one user message of <tool_response> blocks.

import { isRecord } from "../json-path.js";
import type { SegmentOwner } from "../segment-owners.js";
import { ENDOFTEXT, IM_END, IM_START } from "../special-tokens.js";
import { toJson } from "./json.js";
import { CALL_CLOSE, CALL_OPEN, RESPONSE_CLOSE_TAG, RESPONSE_OPEN_TAG } from "./tags.js";
import type { ProfileMessage, ProfileTool, ReadTools } from "./types.js";
import type { ProfileWriter } from "./writer.js";

const TOOLS_INTRO =
  "# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>";
const TOOLS_OUTRO =
  '\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>';

/**
 * The tools block of the system message, after `lead` (the system text, `leadOwner`'s: the
 * conversation's system message or the template's default) and its separator.
 */
export function writeToolsSystem(
  out: ProfileWriter,
  lead: string,
  leadOwner: SegmentOwner,
  tools: readonly ProfileTool[],
  markAfterLead: boolean,
  leadSeparator: string,
): void {
  out.owner(leadOwner);
  out.special(IM_START);
  out.text(`system\n${lead}`);
  if (markAfterLead) out.markContentEnd();
  out.owner("tools");
  out.template(leadSeparator + TOOLS_INTRO);
  let declared = "";
  for (const tool of tools) declared += `\n${toJson(tool.raw)}`;
  out.text(declared);
  out.template(TOOLS_OUTRO);
  out.special(IM_END);
  out.text("\n");
}

/** One `<tool_call>` block after `before`; `args` is the arguments as the template writes them. */
export function writeToolCall(out: ProfileWriter, before: string, name: string, args: string): void {
  out.text(before);
  out.special(CALL_OPEN);
  out.text(`\n{"name": "${name}", "arguments": ${args}}\n`);
  out.special(CALL_CLOSE);
}

/**
 * A tool result: the first of a run opens a user message, the last closes it.
 * Qwen's templates write the results in order and do not name the call.
 */
export function writeToolResult(
  out: ProfileWriter,
  messages: readonly ProfileMessage[],
  index: number,
): void {
  const message = messages[index] as ProfileMessage;
  out.owner(message.index);
  if (index === 0 || messages[index - 1]?.role !== "tool") {
    out.special(IM_START);
    out.text("user");
  }
  out.text("\n");
  out.special(RESPONSE_OPEN_TAG);
  out.text(`\n${message.content}`);
  if (index === messages.length - 1) out.markContentEnd();
  out.text("\n");
  out.special(RESPONSE_CLOSE_TAG);
  if (index === messages.length - 1 || messages[index + 1]?.role !== "tool") {
    out.special(IM_END);
    out.text("\n");
  }
}

/** A plain message: `<|im_start|>{role}\n{content}<|im_end|>\n`. */
export function writePlain(out: ProfileWriter, message: ProfileMessage, last: boolean): void {
  out.owner(message.index);
  out.special(IM_START);
  out.text(`${message.role}\n${message.content}`);
  if (last) out.markContentEnd();
  out.special(IM_END);
  out.text("\n");
}

/**
 * Every Qwen chat model's generation config ends a turn at <|im_end|> (151645) or
 * <|endoftext|> (151643), its eos_token_id list.
 */
export const QWEN_STOP_TOKENS = [IM_END, ENDOFTEXT] as const;

/** The roles Qwen2.5's and Qwen3's templates write; any other is skipped by them, refused here. */
export const QWEN_ROLES = ["system", "user", "assistant", "tool"] as const;

/**
 * The tools block of a system message, read back: one JSON line per tool between the block's
 * fixed text, and the system text before it (`leadOptional`: Qwen3 writes none when the
 * conversation has no system message; the message is then the tools block alone).
 */
export function readToolsSystem(content: string, leadOptional: boolean): ReadTools | undefined {
  if (!content.endsWith(TOOLS_OUTRO)) return undefined;
  const at = content.lastIndexOf(TOOLS_INTRO, content.length - TOOLS_OUTRO.length);
  if (at === -1) return undefined;
  const lines = content.slice(at + TOOLS_INTRO.length, content.length - TOOLS_OUTRO.length);
  if (!lines.startsWith("\n")) return undefined;
  const tools: Array<Record<string, unknown>> = [];
  for (const line of lines.slice(1).split("\n")) {
    let tool: unknown;
    try {
      tool = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (!isRecord(tool) || tool.type !== "function" || !isRecord(tool.function)) return undefined;
    tools.push(tool);
  }
  const before = content.slice(0, at);
  const declared = [at + TOOLS_INTRO.length, content.length - TOOLS_OUTRO.length] as const;
  if (before === "" && leadOptional) return { tools, system: undefined, declared };
  return before.endsWith("\n\n") ? { tools, system: before.slice(0, -2), declared } : undefined;
}
