// parse with a profile says where the structure's tags are (`structuralTags`, which the
// validator's structural-tag rule leaves alone): exactly the tags the profile's compile writes as
// tokens, at their offsets, in order. Found by mutation testing: no parser test read them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChatMLCompileError, compileToSegments, PROFILE_NAMES, parse } from "../src/index.js";
import { STRUCTURAL_TAGS } from "../src/profiles/tags.js";

const text = fc.constantFrom("Hi", "The answer is 42.", "", "a\nb", "{}");
const call = (i: number) => ({
  id: `c${i}`,
  type: "function",
  function: { name: "f", arguments: `{"i": ${i}}` },
});
const turn = fc.oneof(
  text.map((content) => [{ role: "user", content }]),
  fc
    .tuple(text, fc.option(text, { nil: undefined }))
    .map(([content, reasoning]) => [
      { role: "assistant", content, ...(reasoning !== undefined && { reasoning_content: reasoning }) },
    ]),
  fc.integer({ min: 1, max: 2 }).map((n) => [
    { role: "assistant", content: "", tool_calls: Array.from({ length: n }, (_, i) => call(i)) },
    ...Array.from({ length: n }, (_, i) => ({
      role: "tool",
      tool_call_id: `c${i}`,
      content: `result ${i}`,
    })),
  ]),
);
const tools = [
  {
    type: "function",
    function: { name: "f", description: "d", parameters: { type: "object", properties: {} } },
  },
];

describe("parse(compile(x, { profile })).structuralTags", () => {
  it("are the tags compile wrote as tokens, at their offsets, in order", () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_NAMES),
        fc.boolean(),
        fc.array(turn, { minLength: 1, maxLength: 4 }),
        (profile, withTools, turns) => {
          const messages = [{ role: "user", content: "q" }, ...turns.flat()];
          let segments: ReturnType<typeof compileToSegments>;
          try {
            segments = compileToSegments((withTools ? { messages, tools } : messages) as never, { profile });
          } catch (error) {
            if (error instanceof ChatMLCompileError) return;
            throw error;
          }
          const expected: Array<{ start: number; end: number }> = [];
          let at = 0;
          for (const segment of segments) {
            const piece = typeof segment === "string" ? segment : segment.token;
            if (typeof segment !== "string" && STRUCTURAL_TAGS.includes(piece))
              expected.push({ start: at, end: at + piece.length });
            at += piece.length;
          }
          const transcript = segments.map((s) => (typeof s === "string" ? s : s.token)).join("");
          const doc = parse(transcript, { profile });
          expect(doc.structuralTags ?? [], profile).toEqual(expected);
          compared += expected.length;
        },
      ),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(100);
  });
});
