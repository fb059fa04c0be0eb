// The shape of what the worker sends back: plain data only (structuredClone carries it; the
// token spans are typed arrays, transferred without a copy).
import type { TokenSpans } from "@chatmlkit/validator";
import type { InputKind } from "./input-kind.js";

/** A range of the input text, with the 1-based line and column of its start. */
export interface Place {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** One message, as a card shows it. */
export interface Card {
  readonly index: number;
  /** Undefined when the message has none (a diagnostic says so). */
  readonly role: string | undefined;
  readonly name?: string;
  /**
   * The content; absent when it is the input text at `contentAt` (a transcript's): the page
   * has the text, and a 1 MB transcript's contents are not copied back from the worker.
   */
  readonly content?: string;
  readonly contentAt?: { readonly start: number; readonly end: number };
  readonly toolCalls: readonly { id?: string; name?: string; arguments: string }[];
  readonly toolCallId?: string;
  /** Other things the message carries: header attributes, images, reasoning. */
  readonly notes: readonly string[];
  /** Its tokens, when counted. */
  readonly tokens?: number;
  /** Where its content starts in the token view's text, when found there. */
  readonly viewAt?: number;
}

/** A card's content, from the card or from the input text it points into. */
export function contentOf(card: Card, input: string): string {
  return (
    card.content ??
    (card.contentAt === undefined ? "" : input.slice(card.contentAt.start, card.contentAt.end))
  );
}

/** A diagnostic, placed in the input, in its message's card and in the token view where it can be. */
export interface Finding {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  readonly message: string;
  /** docs/rules.md's section of the rule (the registry's URL). */
  readonly docUrl?: string;
  readonly path?: string;
  readonly messageIndex?: number;
  /** In the input text. */
  readonly input?: Place;
  /** Inside card `index`'s content. */
  readonly card?: { readonly index: number; readonly start: number; readonly end: number };
  /** Inside the token view's text. */
  readonly view?: { readonly start: number; readonly end: number };
}

/** What the prompt costs against the chosen model. */
export interface CountSummary {
  readonly model: string;
  readonly encoding: string;
  readonly promptTokens: number;
  readonly contextWindow: number;
  readonly maxTokens: number;
  readonly fits: boolean;
  readonly exact: boolean;
  /** The counting formula's id (`completions-raw` for a transcript). */
  readonly formula: string;
  readonly notes: readonly string[];
}

/** A conversion's output, or why there is none. */
export type Conversion =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface Conversions {
  readonly asChatml: Conversion;
  readonly asJson: Conversion;
}

export interface Analysis {
  /** The request this answers. */
  readonly id: number;
  readonly kind: InputKind;
  /** How the input was read, in a sentence. */
  readonly readNote: string;
  /** For a dataset: the line shown and how many there are. */
  readonly line?: { readonly line: number; readonly lines: number };
  readonly cards: readonly Card[];
  /** What the model is asked to write after the messages, in a sentence. */
  readonly next: string;
  /**
   * The text the model reads and its tokens. `text` is absent when it is the
   * input itself (a transcript): the page has it already.
   */
  readonly view: { readonly text?: string; readonly spans: TokenSpans; readonly note: string };
  readonly findings: readonly Finding[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly count?: CountSummary;
  /**
   * The input as ChatML and as JSON: sent only while the Convert view is open (for a 1 MB
   * transcript they are two more megabytes for the page to receive).
   */
  readonly conversions?: Conversions;
  /** The URL hash that reproduces this state. */
  readonly share: string;
  /** Milliseconds the worker took. */
  readonly ms: number;
}
