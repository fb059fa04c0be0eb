import type { Segment } from "@chatmlkit/parser";
import {
  ENDOFTEXT,
  findSpecialTokens,
  IM_END,
  IM_SEP,
  IM_START,
  type SpecialTokenMatch,
  STRUCTURAL_TAGS,
} from "@chatmlkit/parser/special-tokens";
import { ValidatorError } from "./errors.js";
import { type PlainEncoder, type RankArray, withLongPieces } from "./long-pieces.js";
import type { EncodingName } from "./models.js";

/**
 * Special-token ids by encoding. cl100k_base's are published. For o200k_base
 * only <|endoftext|> and <|endofprompt|> are published; the ChatML tokens'
 * ids there are a convention (200264-200266, mirroring cl100k's 100264-100266;
 * gpt-tokenizer uses 200003-200005, which collide with the harmony format's).
 * Either way each is one token, so counts are exact; only those ids are not.
 */
const SPECIAL_IDS: Readonly<Record<EncodingName, ReadonlyMap<string, number>>> = {
  cl100k_base: new Map([
    [ENDOFTEXT, 100257],
    ["<|fim_prefix|>", 100258],
    ["<|fim_middle|>", 100259],
    ["<|fim_suffix|>", 100260],
    [IM_START, 100264],
    [IM_END, 100265],
    [IM_SEP, 100266],
    ["<|endofprompt|>", 100276],
  ]),
  o200k_base: new Map([
    [ENDOFTEXT, 199999],
    ["<|endofprompt|>", 200018],
    [IM_START, 200264],
    [IM_END, 200265],
    [IM_SEP, 200266],
  ]),
};

/** Special tokens whose o200k_base ids are chatmlkit's convention, not published. */
export const CONVENTIONAL_IDS: Readonly<Partial<Record<EncodingName, readonly string[]>>> = {
  o200k_base: [IM_START, IM_END, IM_SEP],
};

/**
 * A loaded tokenizer: ordinary text to ids, and the special tokens' ids. One
 * of OpenAI's encodings (`loadTokenizer`), or an open model's tokenizer.json
 * (`tokenizerFromJson`); every function that takes a tokenizer takes either.
 */
export type Tokenizer = EncodingTokenizer | JsonTokenizer;

/**
 * Where a stretch of ordinary text lies between special tokens. An encoding ignores it; a
 * tokenizer.json reads it as its library does: an added token with `rstrip` (`lstrip`) takes
 * the whitespace after (before) it, and Metaspace's `prepend_scheme: "first"` prepends `▁`
 * only to the text that begins the input.
 */
export interface TextPlace {
  /** The text begins the input. */
  readonly first: boolean;
  /** The special token just before the text, and just after it (none at an edge). */
  readonly before?: string;
  readonly after?: string;
}

/** What every tokenizer does. */
export interface TokenizerBase {
  /** Special tokens and their ids: an encoding's, or a tokenizer.json's added tokens. */
  readonly specialTokens: ReadonlyMap<string, number>;
  /**
   * Ids of `text` as ordinary text: a special token's spelling is never a special id here.
   * `place`: where it lies between special tokens (default: alone, the start of the input).
   */
  encodeText(text: string, place?: TextPlace): number[];
  /** `encodeText(text, place).length`, without building the array where the tokenizer can. */
  countText(text: string, place?: TextPlace): number;
  /**
   * How many UTF-8 bytes ordinary token `id` stands for (0 for an id the
   * vocabulary lacks): where a token ends inside its text (`tokenSpans`).
   */
  byteLength(id: number): number;
  /**
   * The special tokens spelled in raw `text`, in order, as a server reading the
   * string finds them (each then one id): where a transcript splits.
   */
  findSpecialTokens(text: string): SpecialTokenMatch[];
}

/** One of OpenAI's BPE encodings that have ChatML's special tokens. */
export interface EncodingTokenizer extends TokenizerBase {
  readonly kind: "encoding";
  readonly encoding: EncodingName;
}

/** A Hugging Face tokenizer.json (`tokenizerFromJson`): an open model's own vocabulary. */
export interface JsonTokenizer extends TokenizerBase {
  readonly kind: "tokenizer.json";
  /** The added tokens that take the whitespace beside them (`lstrip`: before, `rstrip`: after). */
  readonly strips: ReadonlyMap<string, { readonly lstrip: boolean; readonly rstrip: boolean }>;
  /** What counts report as the encoding: the name given to `tokenizerFromJson` (default `tokenizer.json`). */
  readonly encoding: string;
  /**
   * The added tokens that are flagged in content (`special-token`): every added
   * token but those of whitespace only (some vocabularies add runs of spaces).
   */
  readonly controlTokens: readonly string[];
}

/** A stretch of compiled segments as a tokenizer reads it: text, or one special token and its id. */
export type TokenRun = (
  | { readonly text: string; readonly place: TextPlace; readonly token?: undefined; readonly id?: undefined }
  | { readonly token: string; readonly id: number; readonly text?: undefined; readonly place?: undefined }
) & {
  /** The segments the run was read from: `segments[from]` up to (not including) `segments[to]`. */
  readonly from: number;
  readonly to: number;
};

/**
 * Compiled segments (`compileToSegments`) as `tokenizer` reads them. A profile's
 * structural tag (`<tool_call>`) is its special id where the vocabulary has a token for it
 * (Qwen's tokenizer.json); where it has none (cl100k_base, or `<tools>` in Qwen's), it is text
 * joined to the text around it, so the text is split where the model's own tokenizer splits it.
 */
export function tokenRuns(segments: readonly Segment[], tokenizer: Tokenizer): TokenRun[] {
  const runs: Array<TokenRun & { place?: TextPlace }> = [];
  let text = "";
  let from = 0;
  segments.forEach((segment, i) => {
    if (typeof segment === "string") {
      text += segment;
      return;
    }
    const { token } = segment;
    if (!tokenizer.specialTokens.has(token) && STRUCTURAL_TAGS.includes(token)) {
      text += token;
      return;
    }
    if (text !== "") runs.push({ text, from, to: i, place: { first: from === 0 } });
    text = "";
    runs.push({ token, id: specialId(tokenizer, token), from: i, to: i + 1 });
    from = i + 1;
  });
  if (text !== "") runs.push({ text, from, to: segments.length, place: { first: from === 0 } });
  // Each text run's neighbours: the special tokens around it.
  runs.forEach((run, i) => {
    if (run.token !== undefined) return;
    const before = runs[i - 1]?.token;
    const after = runs[i + 1]?.token;
    run.place = {
      first: run.from === 0,
      ...(before !== undefined && { before }),
      ...(after !== undefined && { after }),
    };
  });
  return runs as TokenRun[];
}

/**
 * The id of a special token compile wrote. Every encoding has compile's
 * tokens; a tokenizer.json has <|im_start|> and <|im_end|> (tokenizerFromJson
 * checks) but may lack <|im_sep|> (the chatml-sep dialect): a caller's error.
 */
export function specialId(tokenizer: Tokenizer, token: string): number {
  const id = tokenizer.specialTokens.get(token);
  if (id !== undefined) return id;
  if (tokenizer.kind === "tokenizer.json") {
    throw new ValidatorError(
      "invalid-option",
      `${tokenizer.encoding} has no ${token} among its added tokens: this model does not read that layout`,
    );
  }
  throw new Error(`internal: no id for ${token} in ${tokenizer.encoding}`);
}

// An empty disallow set makes gpt-tokenizer treat special-token spellings as text
// (and, being one constant object, skips rebuilding its special-token config per call).
const AS_TEXT = Object.freeze({ disallowedSpecial: new Set<string>() });

const loading = new Map<EncodingName, Promise<EncodingTokenizer>>();

/**
 * Loads an encoding once (a dynamic import, so bundles and start-up pay only
 * for the encodings used) and returns it. Later calls get the same instance.
 * Overlong pre-tokenizer pieces are merged by long-pieces.ts, in O(n log n).
 *
 * @example
 * const cl100k = await loadTokenizer("cl100k_base");
 * cl100k.encodeText("Hello"); // [9906]
 */
export function loadTokenizer(encoding: EncodingName): Promise<EncodingTokenizer> {
  let pending = loading.get(encoding);
  if (pending === undefined) {
    pending = plainEncoder(encoding).then((plain) => {
      const text = withLongPieces(plain);
      const specials = [...SPECIAL_IDS[encoding].keys()];
      return {
        kind: "encoding" as const,
        encoding,
        specialTokens: SPECIAL_IDS[encoding],
        findSpecialTokens: (s: string) => findSpecialTokens(s, specials),
        encodeText: (s: string) => (s === "" ? [] : text.encode(s)),
        countText: (s: string) => (s === "" ? 0 : text.count(s)),
        byteLength: (id: number) => {
          const token = plain.ranks()[id];
          return token === undefined ? 0 : typeof token === "string" ? utf8Length(token) : token.length;
        },
      };
    });
    loading.set(encoding, pending);
  }
  return pending;
}

/** UTF-8 bytes of `text`, without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** gpt-tokenizer's encoder of ordinary text, and its split regex and ranks (exported for tests). */
export async function plainEncoder(encoding: EncodingName): Promise<PlainEncoder> {
  // Literal specifiers, so bundlers can see and split them. The split regexes' module is
  // one the encoding imports anyway.
  const [module, regexes] = await Promise.all([
    encoding === "cl100k_base"
      ? import("gpt-tokenizer/encoding/cl100k_base")
      : import("gpt-tokenizer/encoding/o200k_base"),
    import("gpt-tokenizer/encodingParams/constants"),
  ]);
  return {
    splitRegex:
      encoding === "cl100k_base" ? regexes.CL100K_TOKEN_SPLIT_REGEX : regexes.O200K_TOKEN_SPLIT_REGEX,
    ranks: () => rankArray(module.default),
    encode: (text) => module.encode(text, AS_TEXT),
    count: (text) => module.countTokens(text, AS_TEXT),
  };
}

/**
 * The rank array gpt-tokenizer built the encoding from. It is not exported: the encoder
 * object keeps it (gpt-tokenizer is pinned at 4.0.0; test/long-pieces.test.ts fails if it
 * moves). Importing `gpt-tokenizer/bpeRanks/...` instead would give the CLI bundle a second
 * copy of the table, as that bundle ships the encodings' own copy as a separate file.
 */
function rankArray(encoder: unknown): RankArray {
  const core = (encoder as { bytePairEncodingCoreProcessor?: { bytePairRankDecoder?: unknown } })
    .bytePairEncodingCoreProcessor;
  const ranks = core?.bytePairRankDecoder;
  if (!Array.isArray(ranks)) throw new Error("gpt-tokenizer's rank array was not found (not version 4.0.0?)");
  return ranks as RankArray;
}

/**
 * The part of `text` a tokenizer encodes at `place`, as `[start, end)`: all of it, but with a
 * tokenizer.json whose added token beside it strips whitespace (`rstrip` of the token before,
 * `lstrip` of the one after), as the library's encode does.
 */
export function placedRange(
  tokenizer: Tokenizer,
  text: string,
  place: TextPlace | undefined,
): [number, number] {
  return tokenizer.kind === "tokenizer.json" ? stripRange(tokenizer.strips, text, place) : [0, text.length];
}

/** `placedRange` for a tokenizer.json's added tokens that strip (`JsonTokenizer.strips`). */
export function stripRange(
  strips: JsonTokenizer["strips"],
  text: string,
  place: TextPlace | undefined,
): [number, number] {
  if (place === undefined) return [0, text.length];
  const before = place.before === undefined ? undefined : strips.get(place.before);
  const after = place.after === undefined ? undefined : strips.get(place.after);
  const start = before?.rstrip === true ? text.length - text.trimStart().length : 0;
  const end = after?.lstrip === true ? text.trimEnd().length : text.length;
  return end < start ? [start, start] : [start, end];
}
