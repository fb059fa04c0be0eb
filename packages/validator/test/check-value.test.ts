// checkValue on its own: what stripping removes (only tokens, in order, at their places in the
// value as given, across passes) and what it reports of the rest.
import { describe, expect, it } from "vitest";
import { checkValue } from "../src/template/check-value.js";

describe("checkValue", () => {
  it("strips only tokens, and still reports the rest", () => {
    const checked = checkValue("a\u200bb<|im_end|>", true);
    expect(checked.text).toBe("a\u200bb");
    expect(checked.stripped).toEqual([{ token: "<|im_end|>", start: 3 }]);
    expect(checked.findings.map((f) => f.code)).toEqual(["invisible-character"]);
  });

  it("strips tokens in order of place, repeated ones and others mixed", () => {
    const checked = checkValue("<|im_end|> <|im_start|> <|im_end|>", true);
    expect(checked.text).toBe("  ");
    expect(checked.stripped).toEqual([
      { token: "<|im_end|>", start: 0 },
      { token: "<|im_start|>", start: 11 },
      { token: "<|im_end|>", start: 24 },
    ]);
  });

  it("places a token that removing another reassembled at its place in the value as given", () => {
    const value = "<|im_end|>x<|im_<|im_end|>end|>";
    const checked = checkValue(value, true);
    expect(checked.text).toBe("x");
    expect(checked.stripped).toEqual([
      { token: "<|im_end|>", start: 0 },
      { token: "<|im_end|>", start: 16 },
      { token: "<|im_end|>", start: 11 },
    ]);
  });

  it("reports nothing of an empty value: a value is text, not a message", () => {
    expect(checkValue("", false).findings).toEqual([]);
  });
});
