import type { ParseResult } from "./document.js";
import { findSpecialTokens, SPECIAL_TOKENS } from "./special-tokens.js";

/**
 * The safe form of a transcript from OpenAI's ChatML notes: special tokens
 * are `{ token }` items and everything else is plain text, so a tokenizer can
 * encode each item as what it is and text can never become structure.
 */
export type Segment = string | { readonly token: string };

/** Collects segments, merging adjacent text. */
export class SegmentList {
  readonly items: Segment[] = [];
  #text = "";

  special(token: string): void {
    this.flush();
    this.items.push({ token });
  }

  text(text: string): void {
    this.#text += text;
  }

  /** The segments so far, with pending text included. */
  done(): Segment[] {
    this.flush();
    return this.items;
  }

  /** Ends the pending text segment, so what comes next starts a new one. */
  flush(): void {
    if (this.#text !== "") this.items.push(this.#text);
    this.#text = "";
  }
}

export interface SegmentOptions {
  /** Which strings count as special tokens inside text; default `SPECIAL_TOKENS`. */
  specialTokens?: readonly string[];
}

/**
 * Splits a parsed transcript into segments as the Completions endpoint reads
 * the raw string: the structural tokens, and any other special token found in
 * the text (e.g. an `<|endoftext|>` inside content), become `{ token }` items.
 *
 * @example
 * segments(parse("<|im_start|>user\nHi<|im_end|>"))
 * // [{ token: "<|im_start|>" }, "user\nHi", { token: "<|im_end|>" }]
 */
export function segments(result: Pick<ParseResult, "tokens">, options: SegmentOptions = {}): Segment[] {
  const specials = options.specialTokens ?? SPECIAL_TOKENS;
  const out = new SegmentList();
  const addText = (text: string) => {
    let from = 0;
    for (const { token, offset } of findSpecialTokens(text, specials)) {
      out.text(text.slice(from, offset));
      out.special(token);
      from = offset + token.length;
    }
    out.text(text.slice(from));
  };
  for (const token of result.tokens) {
    const image = token.image;
    if (specials.includes(image)) out.special(image);
    else addText(image);
  }
  return out.done();
}
