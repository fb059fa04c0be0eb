// Counting a Chat Completions request for an open model (a tokenizer.json): no published
// per-message constants apply, so the count is of what the server reads, the ChatML transcript
// compile writes: each special token one id, the text between them the tokenizer's ordinary text.
import type { Segment } from "@chatmlkit/parser";
import { readChatInput } from "@chatmlkit/parser/chat-input";
import { ChatMLCompileError, compileToSegments, droppedBy } from "@chatmlkit/parser/compile";
import type { ChatCount } from "./count-chat.js";
import type { CountPart } from "./count-parts.js";
import { InvalidInputError } from "./input-error.js";
import { type JsonTokenizer, specialId } from "./tokenizer.js";

/** What ChatML v0 cannot write, left out of the count (each said in a note). */
const DROP = ["tools", "images"] as const;

/**
 * The request's tokens as the ChatML transcript: per message, from its
 * `<|im_start|>` through the newline after its `<|im_end|>`; the generation
 * prompt `<|im_start|>assistant\n` as the reply priming. Messages are compiled
 * one at a time, each between special tokens, so the parts add up to the
 * tokens of the whole transcript.
 */
export function countCompiledChat(request: unknown, tokenizer: JsonTokenizer): Omit<ChatCount, "model"> {
  const input = readChatInput(request);
  if (input.issues.length > 0) throw new InvalidInputError([...input.issues]);
  const tokens = (segments: readonly Segment[]) => {
    let n = 0;
    for (const s of segments) {
      if (typeof s === "string") n += tokenizer.countText(s);
      else if (specialId(tokenizer, s.token) >= 0) n += 1;
    }
    return n;
  };
  const priming = tokens(compileToSegments([], { addGenerationPrompt: true }));
  const parts: CountPart[] = [
    { path: "$", method: "reply-priming", tokens: priming, messageIndex: undefined, exact: true },
  ];
  const messages = input.list.map((raw, index) => {
    const path = `${input.listPath}[${index}]`;
    let segments: Segment[];
    try {
      segments = compileToSegments([raw as never], {
        addGenerationPrompt: false,
        contentSpecials: "text",
        unknownKeys: "ignore",
        drop: DROP,
      });
    } catch (error) {
      // A message ChatML v0 cannot write has no count: its issues, at their paths in the request.
      if (!(error instanceof ChatMLCompileError)) throw error;
      throw new InvalidInputError(
        error.issues.map((issue) => ({
          ...issue,
          path: issue.path.replace(/^\$\[0\]/, path),
          messageIndex: index,
          message: issue.message.replaceAll("$[0]", path),
        })),
      );
    }
    const n = tokens(segments);
    parts.push({ path, method: "chatml-tokens", tokens: n, messageIndex: index, exact: true });
    const role = (raw as { role?: unknown }).role;
    return { index, role: typeof role === "string" ? role : "", tokens: n };
  });
  for (const { path } of droppedBy(request, DROP)) {
    parts.push({
      path,
      method: "not-counted",
      tokens: 0,
      messageIndex: messageIndexOf(path, input.listPath),
      exact: false,
      note: `${path} was not counted: ChatML v0 does not write it (a model's own template may): the count is a lower bound`,
    });
  }
  const promptTokens = parts.reduce((sum, part) => sum + part.tokens, 0);
  return {
    promptTokens,
    messages,
    tools: 0,
    replyPriming: priming,
    parts,
    exact: parts.every((part) => part.exact),
    encoding: tokenizer.encoding,
    formula: "chatml-tokens",
    formulaDescription:
      `The ChatML transcript compile writes, counted with ${tokenizer.encoding}: each special token one id ` +
      "(the file's added tokens), the text between them as ordinary text; per message from its <|im_start|> " +
      "through the newline after its <|im_end|>, and the generation prompt <|im_start|>assistant\\n. " +
      "Exact for a server that renders plain ChatML; a model's own template may add a default system prompt or tools.",
    notes: parts.flatMap((part) => (part.note === undefined ? [] : [part.note])),
  };
}

function messageIndexOf(path: string, listPath: string): number | undefined {
  if (!path.startsWith(`${listPath}[`)) return undefined;
  const index = Number.parseInt(path.slice(listPath.length + 1), 10);
  return Number.isNaN(index) ? undefined : index;
}
