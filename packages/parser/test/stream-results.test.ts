// The stream parser with a profile reads a turn of tool results as parse does: Qwen's user turn
// of <tool_response> blocks, and Hermes' tool turn, are `tool` messages, one per result, each
// answering the next call of the assistant turn before it. Found by the coverage-guided fuzzer
// (a stream that runs on past the model's turn, as a transcript does).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStreamParser, type ProfileName, type StreamEvent } from "../src/index.js";
import { checkStream, feed } from "./stream-check.js";

const call = (name: string, args: string) =>
  `<tool_call>\n{"name": "${name}", "arguments": ${args}}\n</tool_call>`;
const QWEN_TURNS =
  `${call("w", '{"c": 1}')}\n${call("w", '{"c": 2}')}<|im_end|>\n` +
  "<|im_start|>user\n<tool_response>\nsun\n</tool_response>\n<tool_response>\nrain\n</tool_response><|im_end|>\n" +
  "<|im_start|>assistant\nDone.<|im_end|>\n";
const HERMES_TURNS =
  `${call("w", '{"c": 1}')}<|im_end|>\n` +
  "<|im_start|>tool\n<tool_response>\nsun\n</tool_response>\n<|im_end|>\n<|im_start|>assistant\nDone.<|im_end|>\n";

const CASES: ReadonlyArray<[ProfileName, string, number]> = [
  ["qwen2.5", QWEN_TURNS, 2],
  ["qwen3", QWEN_TURNS, 2],
  ["hermes", HERMES_TURNS, 1],
];

describe("stream: a turn of tool results, as parse reads it", () => {
  it.each(CASES)("%s: the results are tool messages linked to the calls", (profile, text, results) => {
    const stream = createStreamParser({ profile, stopAtEnd: false });
    const events: StreamEvent[] = [...stream.write(text), ...stream.end()];
    const ends = events.flatMap((e) => (e.type === "message-end" ? [e.message] : []));
    const tools = ends.filter((m) => m.role === "tool");
    expect(tools.map((m) => m.content)).toEqual(["sun", "rain"].slice(0, results));
    const ids = ends[0]?.tool_calls?.map((c) => c.id);
    expect(tools.map((m) => m.tool_call_id)).toEqual(ids);
    const starts = events.flatMap((e) =>
      e.type === "message-start" && e.role === "tool" ? [e.tool_call_id] : [],
    );
    expect(starts).toEqual(ids);
    checkStream(text, [], profile, false);
  });

  it("a user turn that is not only results stays the user's text", () => {
    const text =
      "Hi<|im_end|>\n<|im_start|>user\n<tool_response>\nsun\n</tool_response> and more<|im_end|>\n";
    const { events } = feed(text, [], { profile: "qwen2.5", stopAtEnd: false });
    const user = events.flatMap((e) => (e.type === "message-end" ? [e.message] : [])).at(-1);
    expect(user).toEqual({ role: "user", content: "<tool_response>\nsun\n</tool_response> and more" });
  });

  it("split anywhere, the stream equals parse of the whole (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASES),
        fc.array(fc.nat(), { maxLength: 12 }),
        ([profile, text], raw) => {
          const cuts = [...new Set(raw.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
          checkStream(text, cuts, profile, false);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
