// Counting a Chat Completions request as the transcript compile writes: for an open model (a
// tokenizer.json), which has no published per-message constants, and for a model profile (Qwen,
// Hermes, Phi-4), whose template adds what the messages do not say: a default system prompt,
// tool declarations, tool results grouped in one turn. The request is compiled once; the
// compile says who wrote each stretch, and the tokens go to that message or template part.
import { readChatInput } from "@chatmlkit/parser/chat-input";
import {
  ChatMLCompileError,
  compileToAttributedSegments,
  type DropField,
  droppedBy,
  type ProfileName,
  profileInfo,
  type SegmentOwner,
} from "@chatmlkit/parser/compile";
import type { ChatCount } from "./count-chat.js";
import type { CountPart } from "./count-parts.js";
import { InvalidInputError } from "./input-error.js";
import { type Tokenizer, tokenRuns } from "./tokenizer.js";

/**
 * The request's tokens as the transcript compile writes in `profile`'s format
 * (default plain ChatML v0): each message from its turn's `<|im_start|>`, the
 * generation prompt as the reply priming, and with a profile the template's
 * default system prompt and tool declarations as parts of their own. The parts
 * add up to the tokens of the whole transcript. What the format cannot write
 * (images; tools in plain ChatML) is left out, each said in a note.
 *
 * @throws {InvalidInputError} for a request the format cannot write, at its paths.
 */
export function countCompiledChat(
  request: unknown,
  tokenizer: Tokenizer,
  profile: ProfileName = "chatml",
): Omit<ChatCount, "model"> {
  const input = readChatInput(request);
  if (input.issues.length > 0) throw new InvalidInputError([...input.issues]);
  const info = profileInfo(profile);
  const drop: DropField[] = info?.tools === true ? ["images"] : ["tools", "images"];
  let compiled: ReturnType<typeof compileToAttributedSegments>;
  try {
    compiled = compileToAttributedSegments(request as never, {
      profile,
      addGenerationPrompt: true,
      contentSpecials: "text",
      unknownKeys: "ignore",
      drop,
    });
  } catch (error) {
    // A request the format cannot write has no count: its issues, at their paths in the request.
    if (!(error instanceof ChatMLCompileError)) throw error;
    throw new InvalidInputError([...error.issues]);
  }
  const byOwner = tokensByOwner(compiled.segments, compiled.owners, tokenizer);
  // An OpenAI encoding is not an open model's vocabulary: a profile's count with one is an estimate.
  const exact = tokenizer.kind === "tokenizer.json" || profile === "chatml";
  const parts: CountPart[] = [];
  const part = (path: string, method: CountPart["method"], tokens: number, messageIndex?: number) =>
    parts.push({ path, method, tokens, messageIndex, exact });
  const priming = byOwner.get("generation-prompt") ?? 0;
  part("$", "reply-priming", priming);
  const system = byOwner.get("system-prompt");
  if (system !== undefined) part("$", "system-prompt", system);
  const tools = byOwner.get("tools") ?? 0;
  if (byOwner.has("tools")) part("$.tools", "tools-declaration", tools);
  const messages = input.list.map((raw, index) => {
    const tokens = byOwner.get(index) ?? 0;
    part(`${input.listPath}[${index}]`, "chatml-tokens", tokens, index);
    const role = (raw as { role?: unknown }).role;
    return { index, role: typeof role === "string" ? role : "", tokens };
  });
  for (const { path } of droppedBy(request, drop)) {
    parts.push({
      path,
      method: "not-counted",
      tokens: 0,
      messageIndex: messageIndexOf(path, input.listPath),
      exact: false,
      note: `${path} was not counted: ${profile === "chatml" ? "ChatML v0" : `the ${profile} format`} does not write it${profile === "chatml" ? " (a model's own template may)" : ""}: the count is a lower bound`,
    });
  }
  const notes = parts.flatMap((p) => (p.note === undefined ? [] : [p.note]));
  if (!exact) {
    notes.unshift(
      `${tokenizer.encoding} is OpenAI's vocabulary, not the ${profile} model's: the count of its transcript is an estimate; give the model's tokenizer.json for an exact count`,
    );
  }
  return {
    promptTokens: parts.reduce((sum, p) => sum + p.tokens, 0),
    messages,
    tools,
    replyPriming: priming,
    parts,
    exact: exact && parts.every((p) => p.exact),
    encoding: tokenizer.encoding,
    formula: "chatml-tokens",
    ...(profile !== "chatml" && { profile }),
    formulaDescription: describe(profile, tokenizer.encoding),
    notes,
  };
}

/**
 * The tokens each owner wrote. A run between special tokens is encoded whole (so the total is
 * the transcript's); where owners share a run, each owner's text is counted on its own and what
 * the whole run merges across their edge goes to the owner with the most tokens.
 */
function tokensByOwner(
  segments: Parameters<typeof tokenRuns>[0],
  owners: readonly { readonly at: number; readonly owner: SegmentOwner }[],
  tokenizer: Tokenizer,
): Map<SegmentOwner, number> {
  const counts = new Map<SegmentOwner, number>();
  const add = (owner: SegmentOwner, n: number) => counts.set(owner, (counts.get(owner) ?? 0) + n);
  // ownerOf[i]: who wrote segments[i] (runs come in order, so one pass over the marks).
  const ownerOf: SegmentOwner[] = new Array(segments.length);
  for (let m = 0; m < owners.length; m++) {
    const { at, owner } = owners[m] as (typeof owners)[number];
    const end = owners[m + 1]?.at ?? segments.length;
    for (let i = at; i < end; i++) ownerOf[i] = owner;
  }
  for (const run of tokenRuns(segments, tokenizer)) {
    const first = ownerOf[run.from] as SegmentOwner;
    if (run.token !== undefined) {
      add(first, 1);
      continue;
    }
    const total = tokenizer.countText(run.text, run.place);
    if (allOwnedBy(ownerOf, run.from, run.to, first)) {
      add(first, total);
      continue;
    }
    const shares = new Map<SegmentOwner, string>();
    for (let i = run.from; i < run.to; i++) {
      const segment = segments[i] as (typeof segments)[number];
      const owner = ownerOf[i] as SegmentOwner;
      shares.set(owner, (shares.get(owner) ?? "") + (typeof segment === "string" ? segment : segment.token));
    }
    let largest: SegmentOwner = first;
    let largestCount = -1;
    let sum = 0;
    for (const [owner, text] of shares) {
      const n = tokenizer.countText(text);
      add(owner, n);
      sum += n;
      if (n > largestCount) [largest, largestCount] = [owner, n];
    }
    add(largest, total - sum);
  }
  return counts;
}

function allOwnedBy(
  ownerOf: readonly SegmentOwner[],
  from: number,
  to: number,
  owner: SegmentOwner,
): boolean {
  for (let i = from; i < to; i++) if (ownerOf[i] !== owner) return false;
  return true;
}

function describe(profile: ProfileName, encoding: string): string {
  if (profile === "chatml") {
    return (
      `The ChatML transcript compile writes, counted with ${encoding}: each special token one id ` +
      "(the file's added tokens), the text between them as ordinary text; per message from its <|im_start|> " +
      "through the newline after its <|im_end|>, and the generation prompt <|im_start|>assistant\\n. " +
      "Exact for a server that renders plain ChatML; a model's own template may add a default system prompt or tools."
    );
  }
  return (
    `The transcript the ${profile} profile writes (as the model's template renders it), counted with ${encoding}: ` +
    "each special token one id, and each of the template's tags the vocabulary has; the text between them as " +
    "ordinary text. Per message from its turn's start (a run of tool results shares one turn); the template's " +
    "default system prompt, its tool declarations and the generation prompt are parts of their own."
  );
}

function messageIndexOf(path: string, listPath: string): number | undefined {
  if (!path.startsWith(`${listPath}[`)) return undefined;
  const index = Number.parseInt(path.slice(listPath.length + 1), 10);
  return Number.isNaN(index) ? undefined : index;
}
