// Where each token ends, for characters at the edges of UTF-8's lengths (1, 2, 3 and 4 bytes):
// checked against TextEncoder, which knows nothing of the tokenizer. A token ends at the
// character holding its last byte.
import { describe, expect, it } from "vitest";
import { loadTokenizer, transcriptTokenSpans } from "../src/index.js";

/** The UTF-16 end of the first character whose UTF-8 bytes reach `bytes`. */
function endAtByte(text: string, bytes: number): number {
  const encoder = new TextEncoder();
  let at = 0;
  for (const ch of text) {
    if (encoder.encode(text.slice(0, at)).length >= bytes) break;
    at += ch.length;
  }
  return at;
}

describe("token ends at UTF-8's edges", () => {
  it.each(["\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "\u{10000}", "\u{10ffff}"])(
    "around U+%s",
    async (ch) => {
      const tokenizer = await loadTokenizer("cl100k_base");
      const text = `<|im_start|>user\nx${ch}${ch}y é${ch}<|im_end|>`;
      const spans = transcriptTokenSpans(text, tokenizer);
      const ids = [...spans.ids];
      const ends = [...spans.ends];
      const special = [...spans.special];
      expect(special).toHaveLength(ids.length);
      // Each text token's end, from the bytes of the tokens before it and its own.
      let bytes = 0;
      let offset = 0;
      ids.forEach((id, i) => {
        if (special[i]) {
          offset = ends[i] as number;
          bytes = new TextEncoder().encode(text.slice(0, offset)).length;
          return;
        }
        bytes += tokenizer.byteLength(id);
        expect(ends[i], `token ${i} (${id})`).toBe(endAtByte(text, bytes));
      });
      expect(ends.at(-1)).toBe(text.length);
    },
  );
});
