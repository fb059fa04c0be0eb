// One <tool_call> block's reader on its own: its problems' exact words and spans, and its fast
// path (a scan of the arguments made while streaming) proven to read what the tree reader reads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../src/json-source.js";
import { type ArgumentsScan, readToolCallBlock } from "../src/profiles/tool-call-block.js";
import { fuzzRuns } from "./arbitraries.js";

/**
 * What an honest streaming scan reports of a block written `{"name": ..., "arguments": ARGS}`:
 * where ARGS is, how many keys it writes (a string followed by a colon) and how deep it nests.
 * Written with a regular expression, unlike the stream's character loop, so the two cannot share a slip.
 */
function scanOf(text: string): ArgumentsScan {
  const head = text.indexOf('"arguments": ') + '"arguments": '.length;
  let keys = 0;
  let depth = 0;
  let deepest = 0;
  let end = head;
  for (const token of text.slice(head).matchAll(/"(?:[^"\\]|\\.)*"\s*(:)?|[{[]|[}\]]/g)) {
    if (token[1] !== undefined) keys++;
    else if (token[0] === "{" || token[0] === "[") deepest = Math.max(deepest, ++depth);
    else if (token[0] === "}" || token[0] === "]") depth--;
    end = head + (token.index ?? 0) + token[0].length;
    if (depth === 0) break;
  }
  return { start: head, end, keys, depth: deepest };
}

const block = (name: string, args: string, after = "") => `{"name": ${name}, "arguments": ${args}${after}}`;

describe("readToolCallBlock: problems", () => {
  it("says what a block that is not an object is, over the whole value", () => {
    expect(readToolCallBlock(" [1, 2] ")).toEqual({
      ok: false,
      problem: {
        code: "invalid-tool-call",
        message: 'a <tool_call> block holds one JSON object {"name": ..., "arguments": {...}}, not an array',
        start: 1,
        end: 7,
      },
    });
  });

  it("tells a missing name (over the object) from a wrong one (over the name)", () => {
    const text = '{"arguments": {}}';
    expect(readToolCallBlock(text)).toEqual({
      ok: false,
      problem: {
        code: "invalid-tool-call",
        message: 'the <tool_call> block has no "name": the function to call must be a non-empty string',
        start: 0,
        end: text.length,
      },
    });
    for (const [name, what] of [
      ['""', 'string ""'],
      ["5", "number 5"],
      ["null", "null"],
    ] as const) {
      const text = block(name, "{}");
      const read = readToolCallBlock(text);
      expect(read, name).toEqual({
        ok: false,
        problem: {
          code: "invalid-tool-call",
          message: `the <tool_call> block has ${what} as its "name": the function to call must be a non-empty string`,
          start: 9,
          end: 9 + name.length,
        },
      });
    }
  });

  it("says the reader's words of the block: no 'invalid JSON' prefix, the end of the block", () => {
    const read = readToolCallBlock('{"name": "f", "arguments": {');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.code).toBe("invalid-tool-call-json");
    expect(read.problem.message).toMatch(/^the <tool_call> block is not JSON: /);
    expect(read.problem.message).not.toContain("invalid JSON");
    expect(read.problem.message).toContain("the end of the block");
    expect(read.problem).toMatchObject({ start: 28, end: 28 });
  });

  it("removes only the reader's prefix: a repeated key's words quote the key as written", () => {
    const read = readToolCallBlock(block('"f"', '{"invalid JSON: ": 1, "invalid JSON: ": 2}'));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.message).toMatch(
      /^the <tool_call> block is not JSON: duplicate key "invalid JSON: " in /,
    );
  });

  it("spans the character at the problem, a whole astral one", () => {
    const read = readToolCallBlock('{"name": "f"} \u{1F600}');
    expect(read).toMatchObject({
      ok: false,
      problem: { code: "invalid-tool-call-json", start: 14, end: 16 },
    });
  });
});

describe("readToolCallBlock: the scanned fast path reads what the tree reader reads", () => {
  it("takes the scan's span as the arguments for the common block", () => {
    const text = `\n${block('"f"', '{"a": [1, {"b": 2}]}')}\n`;
    expect(readToolCallBlock(text, scanOf(text))).toEqual({
      ok: true,
      name: "f",
      arguments: '{"a": [1, {"b": 2}]}',
    });
  });

  it("refuses with an honest scan exactly what it refuses without one", () => {
    const cases = [
      block('""', "{}"),
      block("5", '{"a": 1}'),
      block("null", "{}"),
      block('"f"', "[1]"),
      block('"f"', '"text"'),
      // A repeated key: JSON.parse keeps the last, the scan counted both.
      block('"f"', '{"a": 1, "a": {"b": 2}}'),
      block('"f"', '{"a": {"b": 1, "b": 2}}'),
      block('"f"', "{}", ', "extra": 1'),
      // As deep as the tree reader reads (the block, its arguments, then the arrays), and one deeper.
      block('"f"', `{"a": ${"[".repeat(MAX_JSON_DEPTH - 2)}${"]".repeat(MAX_JSON_DEPTH - 2)}}`),
      block('"f"', `{"a": ${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}}`),
    ];
    for (const text of cases)
      expect(readToolCallBlock(text, scanOf(text)), text.slice(0, 60)).toEqual(readToolCallBlock(text));
    // The boundary itself: one case reads, the next is too deep.
    expect(readToolCallBlock(cases[8] as string).ok).toBe(true);
    expect(readToolCallBlock(cases[9] as string).ok).toBe(false);
  });

  it("equals the tree reader on generated blocks (names, nested arguments, repeated keys, layout)", () => {
    const key = fc.constantFrom("a", "b", "c");
    const value = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom("1", '"x"', "null", "true"),
        fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
        fc
          .array(fc.tuple(key, tie("value")), { maxLength: 3 })
          .map((entries) => `{${entries.map(([k, v]) => `"${k}": ${v}`).join(", ")}}`),
      ),
    })).value;
    const name = fc.constantFrom('"f"', '"get_weather"', '""', "5", "null", "[]");
    const layout = fc.constantFrom("", " ", "\n", " \t\r\n");
    fc.assert(
      fc.property(name, value, layout, layout, (n, args, before, after) => {
        const text = `${before}${block(n, args)}${after}`;
        expect(readToolCallBlock(text, scanOf(text))).toEqual(readToolCallBlock(text));
      }),
      fuzzRuns(2000),
    );
  });
});
