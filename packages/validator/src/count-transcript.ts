import { type ParseResult, parse } from "@chatmlkit/parser";
import { type CountOptions, contextWith, idNotes, tokenizerFor } from "./count-options.js";
import { olderEngineNotes } from "./tiktoken-view.js";
import type { Tokenizer } from "./tokenizer.js";

/** Tokens of one message of a transcript, from its `<|im_start|>` to its `<|im_end|>`. */
export interface MessageTokens {
  readonly index: number;
  readonly role: string;
  readonly tokens: number;
}

/** The exact tokenization of a ChatML string. */
export interface TranscriptCount {
  /** Every token of the string. */
  readonly tokens: number;
  /** Per message; tokens between messages and of an open generation header are in `other`. */
  readonly messages: readonly MessageTokens[];
  readonly other: number;
  /** The ids, when asked for with `ids: true`. */
  readonly ids?: readonly number[];
  /** The encoding, or a tokenizer.json tokenizer's name. */
  readonly encoding: string;
  /** The model named, if any. */
  readonly model?: string;
  /** How the count was made. */
  readonly formula: "completions-raw";
  /** Caveats the reader should see (e.g. conventional ids). */
  readonly notes: readonly string[];
}

export interface TranscriptCountOptions extends CountOptions {
  /** Also return the token ids. */
  ids?: boolean;
}

/**
 * Counts a ChatML string as the Completions endpoint tokenizes it: each special
 * token is one id, the text between them ordinary BPE. The string is split at
 * special tokens first (gpt-tokenizer's `allowedSpecial` misses all but a
 * special token at the scan position), so every special token counts.
 *
 * @example
 * const count = await countTranscriptTokens("<|im_start|>user\nHello<|im_end|><|im_start|>assistant", { encoding: "cl100k_base", ids: true });
 * count.ids; // [100264, 882, 198, 9906, 100265, 100264, 78191]
 */
export async function countTranscriptTokens(
  transcript: string,
  options: TranscriptCountOptions,
): Promise<TranscriptCount> {
  return countTranscriptTokensSync(transcript, { ...options, tokenizer: await tokenizerFor(options) });
}

/**
 * `countTranscriptTokens` without `await`, with a tokenizer loaded once.
 *
 * @example
 * const tokenizer = await tokenizerFor({ encoding: "cl100k_base" });
 * countTranscriptTokensSync("<|im_start|>user\nHi<|im_end|>", { tokenizer }).tokens; // 5
 */
export function countTranscriptTokensSync(
  transcript: string,
  options: TranscriptCountOptions & { tokenizer: Tokenizer },
): TranscriptCount {
  const { model, tokenizer } = contextWith(options.tokenizer, options);
  return {
    ...tokenizeTranscript(transcript, tokenizer, options.ids === true),
    encoding: tokenizer.encoding,
    ...(model.name !== "custom" && { model: model.name }),
    formula: "completions-raw",
  };
}

/** The synchronous core of `countTranscriptTokens`, for a loaded tokenizer. */
export function tokenizeTranscript(
  transcript: string,
  tokenizer: Tokenizer,
  withIds = false,
  /** The transcript's parse, when the caller has it (validate's reader): it is not parsed again. */
  document: Pick<ParseResult, "messages"> & Partial<Pick<ParseResult, "diagnostics">> = parse(transcript),
): Pick<TranscriptCount, "tokens" | "messages" | "other" | "ids" | "notes"> {
  const specials = tokenizer.specialTokens;
  const spans = document.messages;
  const perMessage = new Array<number>(spans.length).fill(0);
  const ids: number[] | undefined = withIds ? [] : undefined;
  let total = 0;
  let other = 0;
  let m = 0;
  // Adds `count` tokens found at `offset` to the message whose span holds it.
  const add = (offset: number, count: number) => {
    total += count;
    while (m < spans.length && (spans[m]?.span.end ?? 0) <= offset) m++;
    const span = spans[m]?.span;
    if (span !== undefined && span.start <= offset) perMessage[m] = (perMessage[m] ?? 0) + count;
    else other += count;
  };
  // The special token before the text being encoded (a tokenizer.json's may strip beside it).
  let before: string | undefined;
  const text = (from: number, to: number, after: string | undefined) => {
    if (to <= from) return;
    const piece = compact(transcript.slice(from, to));
    const place = {
      first: from === 0,
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
    };
    if (ids) {
      const encoded = tokenizer.encodeText(piece, place);
      for (const id of encoded) ids.push(id);
      add(from, encoded.length);
    } else {
      add(from, tokenizer.countText(piece, place));
    }
  };
  const used: string[] = [];
  let from = 0;
  for (const { token, offset } of tokenizer.findSpecialTokens(transcript)) {
    text(from, offset, token);
    before = token;
    ids?.push(specials.get(token) as number);
    used.push(token);
    add(offset, 1);
    from = offset + token.length;
  }
  text(from, transcript.length, undefined);
  return {
    tokens: total,
    messages: spans.map((message, index) => ({ index, role: message.role, tokens: perMessage[index] ?? 0 })),
    other,
    ...(ids && { ids }),
    // A string with no message at all is raw text, not a broken transcript: nothing to say of it.
    notes: [
      ...(spans.length > 0 ? parseNotes(document.diagnostics ?? []) : []),
      ...idNotes(tokenizer.encoding, used),
      ...(tokenizer.kind === "encoding" ? olderEngineNotes(transcript) : []),
    ],
  };
}

/**
 * A transcript that does not parse is still counted (the endpoint reads the
 * raw string), but its per-message figures rest on what could be read: the
 * count says so.
 */
function parseNotes(diagnostics: ParseResult["diagnostics"]): string[] {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  if (first === undefined) return [];
  const many = errors.length === 1 ? "a parse error" : `${errors.length} parse errors`;
  return [
    `the transcript has ${many}, first at ${first.line}:${first.column}: ${first.message}; the total is the raw string's, the per-message figures are of the messages that could be read (chatml lint shows every problem)`,
  ];
}

const PAST_LATIN1 = /[\u0100-\uffff]/;

/**
 * A slice of a transcript that holds any character past U+00FF is stored by
 * V8 two bytes per character, and BPE's regex splitting runs ~25% slower on
 * such strings. JSON.parse builds one-byte strings where it can: a Latin-1
 * piece is copied that way (measured: 390 ms to 311 ms on the 10 MB corpus).
 */
function compact(piece: string): string {
  return piece.length > 32 && !PAST_LATIN1.test(piece)
    ? (JSON.parse(JSON.stringify(piece)) as string)
    : piece;
}
