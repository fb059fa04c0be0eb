// What the page shows is a function of the input text and these settings: both travel in the
// URL (share.ts) and to the worker (analyze.ts).
import type { ProfileName } from "@chatmlkit/parser";

/** How to read the input: by its content (`auto`), or as one kind. */
export type ReadAs = "auto" | "transcript" | "json" | "jsonl";

export interface Settings {
  readonly readAs: ReadAs;
  /** The dataset line shown, 1-based (JSONL input). */
  readonly line: number;
  /** Compile's model profile for JSON input (`chatml` is ChatML v0). */
  readonly profile: ProfileName;
  /** Parse dialect for a transcript; compile dialect for JSON with the `chatml` profile. */
  readonly dialect: "auto" | "chatml" | "chatml-sep";
  /** A model name `resolveModel` knows. */
  readonly model: string;
  /** Tokens reserved for the answer; undefined: the body's `max_tokens`, else 0. */
  readonly maxTokens: number | undefined;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  readAs: "auto",
  line: 1,
  profile: "chatml",
  dialect: "auto",
  model: "gpt-4o",
  maxTokens: undefined,
});

/** What the URL and the page keep: the input and the settings. */
export interface PageState {
  readonly text: string;
  readonly settings: Settings;
}

const READ_AS: readonly ReadAs[] = ["auto", "transcript", "json", "jsonl"];
const DIALECTS = ["auto", "chatml", "chatml-sep"] as const;

/**
 * Settings from untrusted data (a shared link): known values kept, anything
 * else back to its default. `profiles` and `models` are the names accepted.
 */
export function settingsFrom(
  value: unknown,
  profiles: readonly string[],
  models: readonly string[],
): Settings {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const pick = <T>(x: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(x as T) ? (x as T) : fallback;
  const count = (x: unknown): number | undefined =>
    typeof x === "number" && Number.isSafeInteger(x) && x >= 0 ? x : undefined;
  return {
    readAs: pick(v.readAs, READ_AS, DEFAULT_SETTINGS.readAs),
    line: Math.max(1, count(v.line) ?? 1),
    profile: pick(v.profile, profiles as ProfileName[], DEFAULT_SETTINGS.profile),
    dialect: pick(v.dialect, DIALECTS, DEFAULT_SETTINGS.dialect),
    model: pick(v.model, models, DEFAULT_SETTINGS.model),
    maxTokens: count(v.maxTokens),
  };
}
