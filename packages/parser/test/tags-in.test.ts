// tagsIn finds a profile's tags inside a range of a text: a tag counts only when it lies wholly
// inside [from, to). Found by mutation testing: the range's end was never tested.
import { describe, expect, it } from "vitest";
import { STRUCTURAL_TAGS, tagsIn } from "../src/profiles/tags.js";

describe("tagsIn", () => {
  const text = "a <think>b</think> <tool_call>";
  it("finds every tag in the whole text, in order", () => {
    expect(tagsIn(text, STRUCTURAL_TAGS).map(({ start, end }) => text.slice(start, end))).toEqual([
      "<think>",
      "</think>",
      "<tool_call>",
    ]);
  });

  it("takes a tag that ends at the range's end, and none that crosses it or starts before `from`", () => {
    expect(tagsIn(text, STRUCTURAL_TAGS, 0, 9)).toEqual([{ start: 2, end: 9 }]);
    expect(tagsIn(text, STRUCTURAL_TAGS, 0, 8)).toEqual([]);
    expect(tagsIn(text, STRUCTURAL_TAGS, 3, 18)).toEqual([{ start: 10, end: 18 }]);
    expect(tagsIn(text, STRUCTURAL_TAGS, 3, 17)).toEqual([]);
    expect(tagsIn(text, STRUCTURAL_TAGS, 19)).toEqual([{ start: 19, end: 30 }]);
  });
});
