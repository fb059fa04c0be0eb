// transcriptTokenSpans over transcripts of more tokens than its first arrays hold (256): the
// arrays grow, and the spans still tile the text with countTranscriptTokens' ids.
import { describe, expect, it } from "vitest";
import { countTranscriptTokens, loadTokenizer, ruleDocUrl, transcriptTokenSpans } from "../src/index.js";

describe("transcriptTokenSpans of a long transcript", () => {
  it("tiles the whole text, special tokens marked, with as many ids as the count", async () => {
    const tokenizer = await loadTokenizer("cl100k_base");
    let transcript = "";
    for (let i = 0; i < 120; i++) transcript += `<|im_start|>user\nQuestion ${i}: is it sunny?<|im_end|>\n`;
    const spans = transcriptTokenSpans(transcript, tokenizer);
    const counted = await countTranscriptTokens(transcript, { model: "gpt-4" });
    expect(spans.ids.length).toBe(counted.tokens);
    expect(spans.ids.length).toBeGreaterThan(1000);
    expect(spans.ends.length).toBe(spans.ids.length);
    expect(spans.ends.at(-1)).toBe(transcript.length);
    // Each span is the text of its id: special tokens one id each, the rest the BPE of its piece.
    let from = 0;
    let specials = 0;
    for (let i = 0; i < spans.ids.length; i++) {
      const end = spans.ends[i] as number;
      expect(end).toBeGreaterThan(from);
      const piece = transcript.slice(from, end);
      if (spans.special[i] === 1) {
        specials++;
        expect(tokenizer.specialTokens.get(piece)).toBe(spans.ids[i]);
      }
      from = end;
    }
    expect(specials).toBe(240);
  });
});

describe("ruleDocUrl", () => {
  it("is the rule's section of docs/rules.md", () => {
    expect(ruleDocUrl({ anchor: "special-token" })).toBe(
      "https://github.com/chatmlkit/chatmlkit/blob/main/docs/rules.md#special-token",
    );
  });
});
