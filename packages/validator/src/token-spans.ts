import type { Segment } from "@chatmlkit/parser";
import { placedRange, type TextPlace, type Tokenizer, tokenRuns } from "./tokenizer.js";

/**
 * Where each token of a text lies, for showing token boundaries. Typed arrays
 * (plain data: they survive `structuredClone` and can be transferred to or
 * from a worker without a copy). Token `i` covers `text.slice(ends[i - 1] ?? 0, ends[i])`.
 */
export interface TokenSpans {
  /** The token ids, in order (special tokens as their ids). */
  readonly ids: Uint32Array;
  /**
   * UTF-16 offset where each token ends. A token that ends inside a character
   * (BPE works on UTF-8 bytes) ends after that character, so the next token's
   * span may be empty: it holds the rest of the same character.
   */
  readonly ends: Uint32Array;
  /** 1 where the token is a special token. */
  readonly special: Uint8Array;
}

/**
 * The tokens of a raw ChatML string as the Completions endpoint reads it
 * (each special token one id, the text between them ordinary BPE), with where
 * each lies in the string: the same ids as `countTranscriptTokens`.
 *
 * @example
 * const tokenizer = await loadTokenizer("cl100k_base");
 * const spans = transcriptTokenSpans("<|im_start|>user\nHi<|im_end|>", tokenizer);
 * [...spans.ids]; // [100264, 882, 198, 13347, 100265]
 * [...spans.ends]; // [12, 16, 17, 19, 29]
 */
export function transcriptTokenSpans(transcript: string, tokenizer: Tokenizer): TokenSpans {
  const spans = new SpanBuilder(tokenizer);
  let from = 0;
  let before: string | undefined;
  const place = (at: number, after: string | undefined): TextPlace => ({
    first: at === 0,
    ...(before !== undefined && { before }),
    ...(after !== undefined && { after }),
  });
  for (const { token, offset } of tokenizer.findSpecialTokens(transcript)) {
    spans.text(transcript, from, offset, place(from, token));
    spans.special(tokenizer.specialTokens.get(token) as number, offset + token.length);
    from = offset + token.length;
    before = token;
  }
  spans.text(transcript, from, transcript.length, place(from, undefined));
  return spans.done();
}

/**
 * The tokens of compiled segments (`compileToSegments`: `{ token }` items as
 * special ids, strings as ordinary text, so a special token's spelling in
 * content stays text), with the text the segments spell and where each token
 * lies in it: the same ids as `compileToTokens`.
 *
 * @example
 * const tokenizer = await loadTokenizer("cl100k_base");
 * const { text, spans } = segmentTokenSpans([{ token: "<|im_start|>" }, "user\n<|im_end|>"], tokenizer);
 * text; // "<|im_start|>user\n<|im_end|>"
 * spans.ids.length; // 9: the content's <|im_end|> is six ordinary tokens
 */
export function segmentTokenSpans(
  segments: readonly Segment[],
  tokenizer: Tokenizer,
): { text: string; spans: TokenSpans } {
  const spans = new SpanBuilder(tokenizer);
  let text = "";
  for (const run of tokenRuns(segments, tokenizer)) {
    const from = text.length;
    if (run.token === undefined) {
      text += run.text;
      spans.text(text, from, text.length, run.place);
      continue;
    }
    text += run.token;
    spans.special(run.id, text.length);
  }
  return { text, spans: spans.done() };
}

/** Collects ids and end offsets, growing its arrays as needed. */
class SpanBuilder {
  private ids = new Uint32Array(256);
  private ends = new Uint32Array(256);
  private specials = new Uint8Array(256);
  private n = 0;
  constructor(private readonly tokenizer: Tokenizer) {}

  private push(id: number, end: number, special: boolean): void {
    if (this.n === this.ids.length) {
      const grow = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const next = make(a.length * 2);
        next.set(a);
        return next;
      };
      this.ids = grow(this.ids, (n) => new Uint32Array(n));
      this.ends = grow(this.ends, (n) => new Uint32Array(n));
      this.specials = grow(this.specials, (n) => new Uint8Array(n));
    }
    this.ids[this.n] = id;
    this.ends[this.n] = end;
    this.specials[this.n] = special ? 1 : 0;
    this.n++;
  }

  special(id: number, end: number): void {
    this.push(id, end, true);
  }

  /** Ordinary text `source.slice(from, to)`: its ids, each ended at the character holding its last byte. */
  text(source: string, whole: number, wholeEnd: number, place?: TextPlace): void {
    if (wholeEnd <= whole) return;
    // Whitespace an added token strips beside it is no token's: the tokens start after it.
    const [start, end] = placedRange(this.tokenizer, source.slice(whole, wholeEnd), place);
    const from = whole + start;
    const to = whole + end;
    let at = from; // UTF-16 offset of the next character not yet covered
    let bytes = 0; // bytes covered by tokens, beyond the characters before `at`
    for (const id of this.tokenizer.encodeText(source.slice(from, to), place)) {
      bytes += this.tokenizer.byteLength(id);
      // Take whole characters while the token's bytes reach into them.
      while (at < to && bytes > 0) {
        const cp = source.codePointAt(at) as number;
        const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        bytes -= size;
        at += cp > 0xffff ? 2 : 1;
      }
      this.push(id, at, false);
    }
  }

  done(): TokenSpans {
    return {
      ids: this.ids.slice(0, this.n),
      ends: this.ends.slice(0, this.n),
      special: this.specials.slice(0, this.n),
    };
  }
}
