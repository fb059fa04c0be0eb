// Where compile places a problem found in content given as many text parts: the part holding
// its first character (issue 9 item 1 made that look-up a binary search; before, it walked every
// part for every token, quadratic on a message of many parts: see bench/parser.bench.mjs).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSpecialTokens, type Message, tryCompile } from "../src/index.js";

/** One user message whose content is `texts` as text parts (the request-body shape). */
const withParts = (texts: readonly string[]) =>
  [{ role: "user", content: texts.map((text) => ({ type: "text", text })) }] as unknown as Message[];

/** Part texts that form, split and surround tokens, empty ones included. */
const partText = fc.constantFrom(
  "",
  "",
  "x",
  "ab",
  "<|im_end|>",
  "<|im_",
  "end|>",
  "start|>",
  "<|",
  "|>",
  "\n",
);

/** The expected [token, path, offset] of each special token: the non-empty part holding its start. */
function expected(texts: readonly string[]): Array<[string, string, number]> {
  const joined = texts.join("");
  return findSpecialTokens(joined).map(({ token, offset: at }) => {
    let start = 0;
    for (const [j, text] of texts.entries()) {
      if (at < start + text.length) return [token, `$[0].content[${j}].text`, at - start];
      start += text.length;
    }
    throw new Error("a token past the end of the text");
  });
}

describe("compile: problems in content parts", () => {
  it("each special token is placed in the part its first character is in, at its offset there", () => {
    fc.assert(
      fc.property(fc.array(partText, { maxLength: 30 }), (texts) => {
        const result = tryCompile(withParts(texts));
        const issues = result.ok ? [] : result.issues;
        expect(issues.map((i) => [i.token, i.path, i.offset])).toEqual(expected(texts));
      }),
      { numRuns: 2000 },
    );
  });

  it("empty parts before a token's part are passed over, and one token per part is found in each", () => {
    const texts = ["", "ab", "", "", "<|im_end|>", "", ...Array.from({ length: 1000 }, () => "<|im_end|>")];
    const result = tryCompile(withParts(texts));
    const issues = result.ok ? [] : result.issues;
    expect(issues).toHaveLength(1001);
    expect(issues.slice(0, 2).map((i) => [i.path, i.offset])).toEqual([
      ["$[0].content[4].text", 0],
      ["$[0].content[6].text", 0],
    ]);
    expect(issues.at(-1)?.path).toBe("$[0].content[1005].text");
  });

  it("a lone surrogate is placed in its part", () => {
    const result = tryCompile(withParts(["ok", "", "a\ud800"]));
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path, i.offset])).toEqual([
      ["invalid-unicode", "$[0].content[2].text", 1],
    ]);
  });
});
