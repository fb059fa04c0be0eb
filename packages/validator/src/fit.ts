import {
  ChatMLCompileError,
  type CompileIssue,
  compileToSegments,
  type Diagnostic,
  IM_START,
  LineIndex,
  type Message,
  type ParseResult,
  type ProfileName,
  parse,
} from "@chatmlkit/parser";
import { type ChatRequest, countChat } from "./count-chat.js";
import {
  type CountOptions,
  contextWith,
  type ImageContext,
  imageContext,
  tokenizerFor,
} from "./count-options.js";
import { tokenizeTranscript } from "./count-transcript.js";
import { ValidatorError } from "./errors.js";
import {
  type BodyMaxTokens,
  bodyMaxTokens,
  checkLimitOptions,
  isCount,
  limitsOf,
  type MaxTokensSource,
} from "./limits.js";
import type { Tokenizer } from "./tokenizer.js";
import { transcriptIssueRange } from "./transcript-issue.js";

/** How `fit` makes room. */
export type FitStrategy = "drop-oldest" | "last-n-turns";

export interface FitOptions extends CountOptions {
  /** Tokens reserved for the answer (`max_tokens`); default the request body's (one of the two is needed). */
  maxTokens?: number;
  /** A prompt budget below the context window, if any. */
  maxPromptTokens?: number;
  /** Default `drop-oldest`. */
  strategy?: FitStrategy;
  /** For `last-n-turns`: keep at most this many turns (default: as many as fit). */
  turns?: number;
}

/** Options of `fitSync`: those of `fit`, and the tokenizer loaded once. */
export interface FitSyncOptions extends FitOptions {
  tokenizer: Tokenizer;
}

/** A message `fit` left out, by its index in the input. */
export interface DroppedMessage {
  readonly index: number;
  readonly role: string;
  readonly tokens: number;
}

interface FitFigures {
  /** The most prompt tokens allowed: context window - maxTokens, or maxPromptTokens if lower. */
  readonly promptLimit: number;
  readonly contextWindow: number;
  readonly maxTokens: number;
  /** Where `maxTokens` came from: the option, the body's field, or the default 0. */
  readonly maxTokensSource: MaxTokensSource;
  readonly model?: string;
  /** `chat-*` formulas for messages (`chatml-tokens` with a tokenizer.json), `completions-raw` for a transcript. */
  readonly formula: string;
}

/** `fit`'s answer; `M` is the caller's message type (a transcript's messages are parser `Message`s). */
export type FitResult<M = unknown> =
  | (FitFigures & {
      readonly ok: true;
      /** The messages to send, in order (the input's own objects). */
      readonly messages: readonly M[];
      /** For transcript input: the kept messages as a transcript. */
      readonly transcript?: string;
      readonly dropped: readonly DroppedMessage[];
      readonly promptTokens: number;
    })
  | (FitFigures & {
      readonly ok: false;
      /** Why nothing fits, with the numbers. */
      readonly reason: string;
      /** Tokens of what must be kept (system messages and the last user turn). */
      readonly minimumTokens: number;
    });

/**
 * Thrown by `fit` for input it cannot read as messages: a transcript with parse
 * errors (a broken header, text outside any message: fitting it would rewrite or
 * drop what the user wrote), or a message whose role or name could not be
 * written (a control character, a special token). `diagnostics` (transcript
 * input: every parse diagnostic, warnings too, with line and column) or `issues`
 * (messages: each with its JSON path) says where; the other is empty.
 *
 * @example
 * try { await fit(transcript, { model: "gpt-4o", maxTokens: 100 }) } catch (e) {
 *   if (e instanceof FitInputError) for (const d of e.diagnostics) console.error(`${d.line}:${d.column}: ${d.message}`);
 * }
 */
export class FitInputError extends ValidatorError {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
    readonly issues: readonly CompileIssue[],
  ) {
    super("invalid-input", message);
  }
}

/**
 * Picks the messages to send so that prompt + `maxTokens` fits the model's
 * context window (and the budget): the seed's conversation management.
 * Whole turns (a user message and the replies after it) are dropped, oldest
 * first; system messages and the last user turn are always kept. When even
 * those do not fit, the result says so with the numbers instead of returning
 * something over the limit.
 *
 * @throws {FitInputError} for a transcript with parse errors or a message whose role or name is invalid.
 * @throws {ValidatorError} for bad options or input that is not messages.
 * @example
 * const result = await fit({ messages }, { model: "gpt-4", maxTokens: 1000 });
 * if (result.ok) send(result.messages); else console.error(result.reason);
 */
export async function fit(input: string, options: FitOptions): Promise<FitResult<Message>>;
export async function fit<M>(
  input: readonly M[] | { readonly messages: readonly M[] },
  options: FitOptions,
): Promise<FitResult<M>>;
export async function fit(input: unknown, options: FitOptions): Promise<FitResult>;
export async function fit(input: unknown, options: FitOptions): Promise<FitResult> {
  return fitSync(input, { ...options, tokenizer: await tokenizerFor(options) });
}

/**
 * `fit` without `await`, with a tokenizer loaded once (`await tokenizerFor({ model })`).
 *
 * @throws as `fit` does, and for a tokenizer of another encoding than the model's.
 * @example
 * const tokenizer = await tokenizerFor({ model: "gpt-4" });
 * const result = fitSync({ messages }, { model: "gpt-4", maxTokens: 1000, tokenizer });
 */
export function fitSync(input: string, options: FitSyncOptions): FitResult<Message>;
export function fitSync<M>(
  input: readonly M[] | { readonly messages: readonly M[] },
  options: FitSyncOptions,
): FitResult<M>;
export function fitSync(input: unknown, options: FitSyncOptions): FitResult;
export function fitSync(input: unknown, options: FitSyncOptions): FitResult {
  const { model, tokenizer } = contextWith(options.tokenizer, options);
  checkLimitOptions(options);
  const strategy = options.strategy ?? "drop-oldest";
  if (strategy !== "drop-oldest" && strategy !== "last-n-turns") {
    throw new ValidatorError(
      "invalid-option",
      `strategy must be drop-oldest or last-n-turns, got ${String(strategy)}`,
    );
  }
  if (options.turns !== undefined && !(isCount(options.turns) && options.turns > 0)) {
    throw new ValidatorError("invalid-option", `turns must be a whole number >= 1, got ${options.turns}`);
  }
  const { maxPromptTokens } = options;
  if (!Number.isFinite(model.contextWindow) && maxPromptTokens === undefined) {
    throw new ValidatorError(
      "invalid-option",
      "fit needs a context window (a known model's, or one given) or a prompt budget",
    );
  }
  const body = bodyLimits(input);
  // Fitting with nothing reserved would leave the answer no room.
  if (options.maxTokens === undefined && body.value === undefined) {
    throw new ValidatorError("invalid-option", "fit needs maxTokens, or a request body with max_tokens");
  }
  const limits = limitsOf(model, options, body);
  const { maxTokens, promptLimit: limit } = limits;
  const costs = costsOf(
    input,
    tokenizer,
    model.formula,
    imageContext(model, options),
    options.profile ?? "chatml",
  );
  const figures: FitFigures = {
    promptLimit: limit,
    contextWindow: model.contextWindow,
    maxTokens,
    maxTokensSource: limits.maxTokensSource,
    ...(model.name !== "custom" && { model: model.name }),
    formula: costs.formula,
  };

  const turns = turnsOf(costs.roles);
  const keptTurns = chooseTurns(turns, costs, limit, strategy, options.turns);
  const keep = new Set<number>();
  costs.roles.forEach((role, i) => {
    if (role === "system") keep.add(i);
  });
  for (const t of keptTurns) for (const i of turns[t] ?? []) keep.add(i);
  let total = costs.fixed + [...keep].reduce((sum, i) => sum + (costs.each[i] ?? 0), 0);
  if (costs.recount !== undefined) {
    // The kept messages as the profile writes them; over the limit, the oldest kept turn goes too.
    total = costs.recount(keep);
    while (total > limit && keptTurns.length > 1) {
      for (const i of turns[keptTurns.pop() as number] ?? []) keep.delete(i);
      total = costs.recount(keep);
    }
  }
  if (total > limit) {
    return {
      ok: false,
      ...figures,
      minimumTokens: total,
      reason:
        `even the system messages and the last user turn need ${total} prompt tokens, over the limit of ${limit} ` +
        `(${maxPromptTokens !== undefined && maxPromptTokens < model.contextWindow - maxTokens ? `prompt budget ${maxPromptTokens}` : `context window ${model.contextWindow} - max_tokens ${maxTokens}`}) by ${total - limit}`,
    };
  }
  const kept = costs.items.filter((_, i) => keep.has(i));
  const dropped = costs.roles.flatMap((role, index) =>
    keep.has(index) ? [] : [{ index, role, tokens: costs.each[index] ?? 0 }],
  );
  return {
    ok: true,
    ...figures,
    messages: kept,
    ...(costs.recompile && { transcript: costs.recompile(keep) }),
    dropped,
    promptTokens: total,
  };
}

/** The body's max_tokens; one the API would refuse is refused here, at its path. */
function bodyLimits(input: unknown): BodyMaxTokens {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return {};
  const read = bodyMaxTokens(input as Record<string, unknown>);
  if (read.problem === undefined) return read;
  const { path, message } = read.problem;
  throw new FitInputError(`${path}: ${message}`, [], [{ code: "invalid-message", path, message }]);
}

/** Per-message token costs that add up exactly to the prompt's count. */
interface Costs {
  readonly items: readonly unknown[];
  readonly roles: readonly string[];
  readonly each: readonly number[];
  /** Tokens that do not depend on which messages are kept (priming, tools, generation header). */
  readonly fixed: number;
  readonly formula: string;
  /** The transcript of the messages at `keep`'s indexes. */
  readonly recompile?: (keep: ReadonlySet<number>) => string;
  /**
   * The exact count of the messages at `keep`'s indexes, where it is not the sum of their
   * costs: a profile's template writes a message by its neighbours (a default system prompt,
   * reasoning kept after the last query, a run of tool results in one turn).
   */
  readonly recount?: (keep: ReadonlySet<number>) => number;
}

function costsOf(
  input: unknown,
  tokenizer: Tokenizer,
  formula: Parameters<typeof countChat>[2],
  images: ImageContext,
  profile: ProfileName,
): Costs {
  if (typeof input === "string") return transcriptCosts(input, tokenizer);
  // The input is counted as given, a list or a body: what the count refuses is at the list's path ($[i]).
  const list = Array.isArray(input);
  const body = (list ? { messages: input } : input) as ChatRequest;
  checkMessages(input);
  const counted = countChat(input as ChatRequest | readonly unknown[], tokenizer, formula, images, profile);
  const each = counted.messages.map((m) => m.tokens);
  return {
    items: body.messages,
    roles: counted.messages.map((m) => m.role),
    each,
    // What no message owns: the priming, tools, and a profile's default system prompt.
    fixed: counted.promptTokens - each.reduce((sum, n) => sum + n, 0),
    formula: counted.formula,
    ...(profile !== "chatml" && {
      recount: (keep: ReadonlySet<number>) => {
        const kept = body.messages.filter((_, i) => keep.has(i));
        return countChat(list ? kept : { ...body, messages: kept }, tokenizer, formula, images, profile)
          .promptTokens;
      },
    }),
  };
}

/**
 * A transcript is re-written canonically: each message costs its own compiled
 * tokens (special tokens split the BPE, so the parts add up exactly).
 */
function transcriptCosts(text: string, tokenizer: Tokenizer): Costs {
  const doc = parse(text);
  if (doc.diagnostics.some((d) => d.severity === "error")) {
    const errors = doc.diagnostics.filter((d) => d.severity === "error");
    const first = errors[0] as Diagnostic;
    throw new FitInputError(
      `the transcript has ${errors.length === 1 ? "a parse error" : `${errors.length} parse errors`}, first at ${first.line}:${first.column}: ${first.message}`,
      doc.diagnostics,
      [],
    );
  }
  const messages = doc.messages.map(({ span: _span, ...message }) => message);
  // What parse reads clean, compile writes, with the parse's flags or none, except content holding
  // a lone surrogate (the parser's properties.test.ts): this finds those.
  try {
    compileToSegments(messages, { contentSpecials: "text" });
  } catch (error) {
    if (error instanceof ChatMLCompileError) throw transcriptIssues(text, doc, error.issues);
    throw error;
  }
  // Kept messages keep their own text (header words, layout, dialect): the transcript is cut,
  // never rewritten. Each message owns its text up to the next message's <|im_start|>, so every
  // piece starts at a special token and the pieces' counts add up to the cut transcript's exactly.
  const spans = doc.messages.map((m) => m.span);
  const first = spans[0]?.start ?? text.length;
  const tailStart = doc.addGenerationPrompt ? text.lastIndexOf(IM_START) : text.length;
  const pieceOf = (i: number) => text.slice(spans[i]?.start ?? 0, spans[i + 1]?.start ?? tailStart);
  const count = (piece: string) => (piece === "" ? 0 : tokenizeTranscript(piece, tokenizer).tokens);
  const head = text.slice(0, first);
  const tail = text.slice(tailStart);
  return {
    items: messages,
    roles: messages.map((m) => m.role),
    each: messages.map((_, i) => count(pieceOf(i))),
    fixed: count(head) + count(tail),
    formula: "completions-raw",
    recompile: (keep) => head + messages.map((_, i) => (keep.has(i) ? pieceOf(i) : "")).join("") + tail,
  };
}

/** Compile's issues with a parsed transcript's messages, as diagnostics at their place in it. */
function transcriptIssues(text: string, doc: ParseResult, issues: readonly CompileIssue[]): FitInputError {
  const lines = new LineIndex(text);
  const spans = doc.messages.map((m) => m.span);
  const diagnostics = issues.map((issue): Diagnostic => {
    const { start } = transcriptIssueRange(spans, issue);
    const at = lines.position(start);
    return {
      code: issue.code,
      severity: "error",
      message: issue.message,
      start,
      end: start,
      line: at.line,
      column: at.column,
      endLine: at.line,
      endColumn: at.column,
    };
  });
  const first = diagnostics[0] as Diagnostic;
  return new FitInputError(`the transcript cannot be written back: ${first.message}`, diagnostics, []);
}

/**
 * Refuses messages whose role or name could not be written in a prompt (what
 * compile refuses there: a control character, a special token, no role), or
 * content with a lone surrogate. Fields the Chat Completions API has and ChatML
 * does not (`tool_calls`, image parts, null content) are not this check's.
 */
function checkMessages(input: unknown): void {
  try {
    compileToSegments(input as Message[], {
      unknownKeys: "ignore",
      contentSpecials: "text",
      addGenerationPrompt: false,
    });
    return;
  } catch (error) {
    if (!(error instanceof ChatMLCompileError)) throw error;
    const issues = error.issues.filter(
      (issue) =>
        issue.code === "invalid-message" ||
        (issue.messageIndex !== undefined &&
          (issue.field === "role" || issue.field === "name" || issue.code === "invalid-unicode")),
    );
    const first = issues[0];
    if (first === undefined) return;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    throw new FitInputError(`${first.path}: ${first.message}${more}`, [], issues);
  }
}

/** Message indexes grouped into turns: a user message and what follows it up to the next user message. System messages belong to none. */
function turnsOf(roles: readonly string[]): number[][] {
  const turns: number[][] = [];
  let current: number[] | undefined;
  roles.forEach((role, i) => {
    if (role === "system") return;
    if (role === "user" || current === undefined) {
      current = [];
      turns.push(current);
    }
    current.push(i);
  });
  return turns;
}

/** The turn indexes to keep: the most recent that fit, at least the last one. */
function chooseTurns(
  turns: readonly number[][],
  costs: Costs,
  limit: number,
  strategy: FitStrategy,
  maxTurns: number | undefined,
): number[] {
  if (turns.length === 0) return [];
  let used = costs.fixed;
  costs.roles.forEach((role, i) => {
    if (role === "system") used += costs.each[i] ?? 0;
  });
  const turnCost = (t: number) => (turns[t] ?? []).reduce((sum, i) => sum + (costs.each[i] ?? 0), 0);
  const cap = strategy === "last-n-turns" && maxTurns !== undefined ? Math.max(1, maxTurns) : turns.length;
  const kept = [turns.length - 1];
  used += turnCost(turns.length - 1);
  // Newest first; the oldest are the ones left out.
  for (let t = turns.length - 2; t >= 0 && kept.length < cap; t--) {
    const cost = turnCost(t);
    if (used + cost > limit) break;
    used += cost;
    kept.push(t);
  }
  return kept;
}
