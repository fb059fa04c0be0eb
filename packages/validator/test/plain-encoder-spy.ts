// Helpers of the long-piece tests: the pieces the plain encoder's split regex makes, and a
// plain encoder that records what it is handed.
import type { PlainEncoder } from "../src/long-pieces.js";

/** The pieces gpt-tokenizer's split regex makes of `text`. */
export function pieces(plain: PlainEncoder, text: string): string[] {
  return Array.from(text.matchAll(new RegExp(plain.splitRegex.source, plain.splitRegex.flags)), (m) => m[0]);
}

/** `plain`, recording every text it is asked to encode or count. */
export function recording(plain: PlainEncoder): { spy: PlainEncoder; seen: string[] } {
  const seen: string[] = [];
  const spy: PlainEncoder = {
    ...plain,
    encode(text) {
      seen.push(text);
      return plain.encode(text);
    },
    count(text) {
      seen.push(text);
      return plain.count(text);
    },
  };
  return { spy, seen };
}
