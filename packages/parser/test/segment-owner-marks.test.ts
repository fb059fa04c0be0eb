// AttributedSegmentList's marks, as its comments promise them: text is split at a mark, an owner
// that wrote nothing leaves no mark (the later owner owns what follows), and no mark is left past
// the end. Writers never do the last two today, so only this test holds them (found by mutation
// testing, where removing either guard changed nothing else).
import { describe, expect, it } from "vitest";
import { AttributedSegmentList } from "../src/segment-owners.js";

describe("AttributedSegmentList", () => {
  it("splits text at a mark, so each segment has one owner", () => {
    const list = new AttributedSegmentList();
    list.owner(0);
    list.text("ab");
    list.owner(1);
    list.text("cd");
    list.special("<|im_end|>");
    expect(list.attributed()).toEqual({
      segments: ["ab", "cd", { token: "<|im_end|>" }],
      owners: [
        { at: 0, owner: 0 },
        { at: 1, owner: 1 },
      ],
    });
  });

  it("an owner that wrote nothing leaves no mark; nor does one at the end", () => {
    const list = new AttributedSegmentList();
    list.owner("system-prompt");
    list.owner(0);
    list.text("hi");
    list.owner("generation-prompt");
    expect(list.attributed()).toEqual({ segments: ["hi"], owners: [{ at: 0, owner: 0 }] });
    expect(new AttributedSegmentList().attributed()).toEqual({ segments: [], owners: [] });
  });
});
