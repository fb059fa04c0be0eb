import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";
import { isBlank } from "../src/rules/empty-content.js";

// isBlank answers printable ASCII without the regex: the shortcut must agree with the plain
// reading (what `trim` removes) on every first character, those past ASCII most of all.
const plain = (text: string) => text.trim() === "";

describe("empty-content: what is blank, and where it is reported", () => {
  it("agrees with trim on every UTF-16 code unit, alone and before a space or a letter", () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      for (const text of [char, `${char} `, `${char}a`]) {
        if (isBlank(text) !== plain(text)) differ.push(JSON.stringify(text));
      }
    }
    expect(differ).toEqual([]);
    expect(isBlank("")).toBe(true);
  });

  it("reports content of only non-ASCII spaces, and not content that starts with DEL", async () => {
    const codes = async (content: string) =>
      (await validate([{ role: "user", content }])).diagnostics.map((d) => d.code);
    expect(await codes("\u00a0\u3000\u2028")).toContain("empty-content");
    expect(await codes("\u007f")).not.toContain("empty-content");
  });

  it("places blank text parts at the content they join into, as a blank string", async () => {
    const place = async (content: unknown) =>
      (await validate([{ role: "user", content }])).diagnostics.map((d) => [d.code, d.path, d.start, d.end]);
    const parts = [
      { type: "text", text: "  " },
      { type: "text", text: "" },
    ];
    expect(await place(parts)).toEqual([["empty-content", "$[0].content", 0, 2]]);
    expect(await place("  ")).toEqual([["empty-content", "$[0].content", 0, 2]]);
  });
});
