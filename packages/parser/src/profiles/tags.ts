// The tags Qwen's and Hermes' formats give meaning to. They are text to the
// compiler and ordinary tokens (or added ones) to the tokenizer, yet the model
// reads them as structure: a tool call, a tool result, the tools it may call,
// its reasoning. So text that holds one can forge that structure.
// Constants only (no imports): the special-tokens entry re-exports STRUCTURAL_TAGS.

export const THINK_OPEN = "<think>";
export const THINK_CLOSE = "</think>";
export const CALL_OPEN = "<tool_call>";
export const CALL_CLOSE = "</tool_call>";
export const RESPONSE_OPEN_TAG = "<tool_response>";
export const RESPONSE_CLOSE_TAG = "</tool_response>";

/** The tool format's tags (Qwen2.5, Qwen3, Hermes). */
export const TOOL_TAGS: readonly string[] = Object.freeze([
  "<tools>",
  "</tools>",
  CALL_OPEN,
  CALL_CLOSE,
  RESPONSE_OPEN_TAG,
  RESPONSE_CLOSE_TAG,
]);

/** Qwen3's reasoning block. */
export const REASONING_TAGS: readonly string[] = Object.freeze([THINK_OPEN, THINK_CLOSE]);

/** Every tag some profile gives meaning to. */
export const STRUCTURAL_TAGS: readonly string[] = Object.freeze([...TOOL_TAGS, ...REASONING_TAGS]);

/** Every occurrence of `tags` in `text[from, to)`, as ranges into `text`, in order. */
export function tagsIn(
  text: string,
  tags: readonly string[],
  from = 0,
  to = text.length,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (let at = text.indexOf("<", from); at !== -1 && at < to; at = text.indexOf("<", at + 1)) {
    const tag = tags.find((t) => text.startsWith(t, at));
    if (tag !== undefined && at + tag.length <= to) out.push({ start: at, end: at + tag.length });
  }
  return out;
}
