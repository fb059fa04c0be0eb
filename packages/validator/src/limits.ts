// The one answer to "does it fit": validate, count, fit and the CLI's count, fit and lint
// all take their limits and their verdict from here.
import { ValidatorError } from "./errors.js";
import type { ModelInfo } from "./models.js";

/** The limits a caller may set; each overrides what the request body says. */
export interface LimitOptions {
  /** Tokens reserved for the answer (`max_tokens`); default the request body's, else 0. */
  maxTokens?: number;
  /** Budget for the whole prompt (`token-budget`). */
  maxPromptTokens?: number;
  /** Budget for any one message (`token-budget`). */
  maxMessageTokens?: number;
}

/** Where `maxTokens` came from. */
export type MaxTokensSource = "option" | "max_tokens" | "max_completion_tokens" | "default";

/** What a prompt must fit, resolved. */
export interface Limits {
  /** Prompt + answer tokens the model accepts; `Infinity` when no window is known. */
  readonly contextWindow: number;
  readonly maxTokens: number;
  readonly maxTokensSource: MaxTokensSource;
  readonly maxPromptTokens?: number;
  readonly maxMessageTokens?: number;
  /** The most prompt tokens allowed: contextWindow - maxTokens, or maxPromptTokens if lower. */
  readonly promptLimit: number;
}

/** The body's answer reservation, as read from `max_tokens` / `max_completion_tokens`. */
export interface BodyMaxTokens {
  readonly value?: number;
  readonly source?: "max_tokens" | "max_completion_tokens";
  /** A value the API would refuse: not a whole number >= 0, or both fields set. */
  readonly problem?: { readonly path: string; readonly message: string };
}

/**
 * A value as a message shows it: its JSON, or, for what JSON cannot write (a BigInt, a function,
 * an object that holds itself, from a JavaScript caller), its JavaScript spelling; never throws.
 */
function shown(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return "an object that holds itself";
  }
}

/** Reads a request body's `max_tokens` or `max_completion_tokens` (`at` is the body's JSON path). */
export function bodyMaxTokens(body: Readonly<Record<string, unknown>> | undefined, at = "$"): BodyMaxTokens {
  if (body === undefined) return {};
  const fields = (["max_tokens", "max_completion_tokens"] as const).filter((f) => body[f] != null);
  const [first, second] = fields;
  if (first === undefined) return {};
  if (second !== undefined) {
    // The Chat Completions API refuses a request that sets both.
    return {
      problem: {
        path: `${at}.${second}`,
        message: "set max_tokens or max_completion_tokens, not both",
      },
    };
  }
  const value = body[first];
  if (!isCount(value)) {
    return {
      problem: {
        path: `${at}.${first}`,
        message: `${first} must be a whole number >= 0, got ${shown(value)}`,
      },
    };
  }
  return { value, source: first };
}

/**
 * OpenAI's limit on one fine-tuning example, in tokens, for current
 * fine-tunable models: the default of lint's `dataset-too-long` and count's
 * per-example check.
 */
export const DEFAULT_MAX_EXAMPLE_TOKENS = 16_385;

/** True for a whole number >= 0, what every token limit must be. */
export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Refuses a limit option that is not a whole number >= 0, naming it. */
export function checkLimitOptions(options: LimitOptions): void {
  for (const key of ["maxTokens", "maxPromptTokens", "maxMessageTokens"] as const) {
    const value = options[key];
    if (value !== undefined && !isCount(value)) {
      throw new ValidatorError("invalid-option", `${key} must be a whole number >= 0, got ${value}`);
    }
  }
}

/** The limits for `model`: the caller's options first, then the body's max_tokens, then 0. */
export function limitsOf(
  model: Pick<ModelInfo, "contextWindow">,
  options: LimitOptions,
  body: BodyMaxTokens = {},
): Limits {
  const maxTokens = options.maxTokens ?? body.value ?? 0;
  const maxTokensSource: MaxTokensSource =
    options.maxTokens !== undefined ? "option" : (body.source ?? "default");
  const { maxPromptTokens, maxMessageTokens } = options;
  return {
    contextWindow: model.contextWindow,
    maxTokens,
    maxTokensSource,
    ...(maxPromptTokens !== undefined && { maxPromptTokens }),
    ...(maxMessageTokens !== undefined && { maxMessageTokens }),
    promptLimit: Math.min(model.contextWindow - maxTokens, maxPromptTokens ?? Number.POSITIVE_INFINITY),
  };
}

/** A prompt's count, as `checkFits` needs it. */
export interface PromptCount {
  readonly promptTokens: number;
  /** Each message's tokens, in order. */
  readonly perMessage: readonly number[];
  /** Tokens that belong to no message and come before them all (the reply priming of a chat count). */
  readonly fixed: number;
}

/** One limit the prompt is over. */
export interface LimitBreach {
  readonly rule: "context-window" | "token-budget";
  readonly message: string;
  /** The message where the running total crosses the limit (or the message over its own budget). */
  readonly messageIndex: number | undefined;
  /**
   * For `context-window`: the prompt alone fits the window, and the answer's
   * reservation is what does not (lower max_tokens, or drop messages).
   */
  readonly byMaxTokens?: true;
}

/** The verdict on one prompt. */
export interface FitVerdict {
  /** Within every limit: the window, the prompt budget and each message's budget (no breaches). */
  readonly fits: boolean;
  /** In the order context window, prompt budget, then each message over its budget. */
  readonly breaches: readonly LimitBreach[];
}

/** How a verdict's messages name `model`: by its name, or "the model" for a custom one. */
export function modelWho(model: { readonly name: string }): string {
  return model.name === "custom" ? "the model" : model.name;
}

/**
 * Whether `count` fits `limits`, and each limit it is over. `who` names the
 * model in messages (`modelWho`).
 *
 * @example
 * const limits = limitsOf({ contextWindow: 8192 }, {}, bodyMaxTokens({ max_tokens: 8190 }));
 * checkFits({ promptTokens: 9, perMessage: [6], fixed: 3 }, limits, "gpt-4").fits; // false
 */
export function checkFits(count: PromptCount, limits: Limits, who: string): FitVerdict {
  const { promptTokens, perMessage } = count;
  const { contextWindow, maxTokens, maxPromptTokens, maxMessageTokens } = limits;
  const breaches: LimitBreach[] = [];
  const crossing = (limit: number) => {
    let running = count.fixed;
    for (let i = 0; i < perMessage.length; i++) {
      running += perMessage[i] ?? 0;
      if (running > limit) return i;
    }
    return perMessage.length > 0 ? perMessage.length - 1 : undefined;
  };
  const total = promptTokens + maxTokens;
  const reservation =
    limits.maxTokensSource === "max_completion_tokens" ? "max_completion_tokens" : "max_tokens";
  if (total > contextWindow) {
    breaches.push({
      rule: "context-window",
      message: `prompt ${promptTokens} tokens + ${reservation} ${maxTokens} = ${total} exceeds ${who}'s context window of ${contextWindow} by ${total - contextWindow}`,
      messageIndex: crossing(contextWindow - maxTokens),
      ...(promptTokens <= contextWindow && { byMaxTokens: true as const }),
    });
  }
  if (maxPromptTokens !== undefined && promptTokens > maxPromptTokens) {
    breaches.push({
      rule: "token-budget",
      message: `prompt is ${promptTokens} tokens, over the budget of ${maxPromptTokens} by ${promptTokens - maxPromptTokens}`,
      messageIndex: crossing(maxPromptTokens),
    });
  }
  if (maxMessageTokens !== undefined) {
    perMessage.forEach((tokens, i) => {
      if (tokens <= maxMessageTokens) return;
      breaches.push({
        rule: "token-budget",
        message: `message ${i} is ${tokens} tokens, over the per-message budget of ${maxMessageTokens}`,
        messageIndex: i,
      });
    });
  }
  return { fits: breaches.length === 0, breaches };
}
