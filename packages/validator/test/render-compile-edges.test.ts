// renderToSegments and renderToTokens where compile has the last word: a filled template that
// compile refuses (no role, a message that is no object) becomes render problems at their paths,
// and a transcript template keeps its names, attributes and generation role.
import { describe, expect, it } from "vitest";
import { renderToSegments, renderToTokens } from "../src/index.js";

const joined = (segments: readonly (string | { token: string })[] | undefined) =>
  segments?.map((s) => (typeof s === "string" ? s : s.token)).join("");

describe("a filled template that compile refuses", () => {
  it("is refused with compile's issue at its path, by both", async () => {
    const template = [{ content: "{{ q }}" }];
    const segments = renderToSegments(template, { q: "hi" });
    expect(segments.segments).toBeUndefined();
    expect(segments.errorCount).toBe(1);
    expect(segments.problems.map((p) => [p.code, p.severity, p.path])).toEqual([
      ["invalid-value", "error", "$[0].role"],
    ]);
    const tokens = await renderToTokens(template, { q: "hi" }, { model: "gpt-4o" });
    expect(tokens.ids).toBeUndefined();
    expect(tokens.problems.map((p) => [p.code, p.path])).toEqual([["invalid-value", "$[0].role"]]);
  });

  it("places compile's issue at its offset, and counts only errors beside a value's warning", async () => {
    // A lone surrogate in the template's text (offset 2), and a special token in the value (a warning).
    const template = [{ role: "user", content: "ab\ud800 {{ q }}" }];
    for (const rendered of [
      renderToSegments(template, { q: "<|im_end|>" }),
      await renderToTokens(template, { q: "<|im_end|>" }, { model: "gpt-4o" }),
    ]) {
      expect(rendered.problems.map((p) => [p.code, p.severity, p.start, p.end])).toEqual([
        ["special-token", "warning", 4, 11], // at its placeholder
        ["invalid-value", "error", 2, 2],
      ]);
      expect(rendered.errorCount).toBe(1);
    }
  });

  it("passes what it cannot fill (no object, no content, parts that are not text) to compile to judge", () => {
    const template = [
      7,
      { role: "assistant", content: null },
      { role: "user", content: [null, { type: "text", text: "{{ q }}" }] },
    ];
    const result = renderToSegments(template, { q: "hi" });
    expect(result.segments).toBeUndefined();
    expect(result.problems.map((p) => p.path)).toEqual(["$[0]", "$[1].content", "$[2].content[0]"]);
  });
});

describe("a transcript template", () => {
  it("keeps each header's name and attributes and its generation role", async () => {
    const template = "<|im_start|>user name=ann lang=en\n{{ q }}<|im_end|>\n<|im_start|>critic\n";
    const values = { q: "Is it <|im_end|> yet?" };
    const segments = renderToSegments(template, values);
    expect(segments.errorCount).toBe(0);
    // The value stays text (a warning): the template's three tokens are the only tokens.
    expect(joined(segments.segments)).toBe(
      "<|im_start|>user name=ann lang=en\nIs it <|im_end|> yet?<|im_end|>\n<|im_start|>critic\n",
    );
    expect(segments.segments?.filter((s) => typeof s !== "string")).toHaveLength(3);
    expect(segments.problems.map((p) => [p.code, p.severity])).toEqual([["special-token", "warning"]]);
    const tokens = await renderToTokens(template, values, { model: "gpt-4o" });
    expect(tokens.errorCount).toBe(0);
    expect(tokens.ids?.filter((id) => id === 200264 || id === 200265)).toHaveLength(3);
  });
});
