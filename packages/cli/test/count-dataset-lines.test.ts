// chatml count of a JSONL dataset whose lines are not all examples: blank lines are no examples,
// and a line that is not JSON, not an object, without messages, or with a message that cannot be
// counted is skipped with its reason, the rest counted (exit 1: not every line was). In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-count-dataset-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const line = (messages: unknown[]) => JSON.stringify({ messages });
writeFileSync(
  join(work, "mixed.jsonl"),
  [
    // The assistant's content as parts: its text is what data-prep counts as assistant tokens.
    line([
      { role: "user", content: "Hi" },
      { role: "assistant", content: [{ type: "text", text: "Hello there" }] },
    ]),
    "",
    "{not json",
    "[1,2]",
    JSON.stringify({ prompt: "x" }),
    line([{ role: "assistant" }]),
    // A call with null content: no assistant text.
    line([
      { role: "user", content: "a" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
      },
    ]),
  ].join("\n"),
);
writeFileSync(join(work, "broken.jsonl"), "{oops\n\n");

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("chatml count of a dataset with lines that are not examples", () => {
  it("counts the examples and lists each skipped line with its reason", async () => {
    const { code, out, err } = await chatml(["count", "mixed.jsonl", "--model", "gpt-4o"]);
    expect({ code, err }).toEqual({ code: 1, err: "" });
    const lines = out.split("\n");
    expect(lines[0]).toBe("mixed.jsonl: 2 examples (gpt-4o, o200k_base, chat-o200k)");
    expect(lines[1]).toMatch(/^ {2}messages per example {9}min 2, max 2, mean 2, median 2/);
    // "Hello there" is 2 tokens; the call's null content, 0.
    expect(lines[3]).toMatch(/^ {2}assistant tokens per example min 0, max 2, mean 1,/);
    expect(lines.filter((l) => l.includes("skipped"))).toEqual([
      '  line 3 skipped: invalid JSON: an unexpected character, found "n"',
      "  line 4 skipped: an example must be a JSON object, got an array",
      '  line 5 skipped: the example has no "messages" list',
      "  line 6 skipped: $.messages[0].content: the message has no content (got nothing)",
    ]);
  });

  it("a dataset with no example: each distribution is none, and JSON says null", async () => {
    const text = await chatml(["count", "broken.jsonl", "--encoding", "cl100k_base"]);
    expect(text.code).toBe(1);
    expect(text.out).toContain("broken.jsonl: 0 examples (custom model, cl100k_base, chat-cl100k)\n");
    expect(text.out).toContain(
      "  messages per example: none\n  tokens per example: none\n  assistant tokens per example: none\n",
    );
    expect(text.out).toContain("  ~0 billable tokens per epoch\n  line 1 skipped: invalid JSON");
    const json = await chatml(["count", "broken.jsonl", "--encoding", "cl100k_base", "--format", "json"]);
    const report = JSON.parse(json.out) as { fits: boolean; files: Record<string, unknown>[] };
    expect(report.fits).toBe(false);
    expect(report.files[0]).toMatchObject({
      examples: 0,
      messagesPerExample: null,
      tokensPerExample: null,
      assistantTokensPerExample: null,
      formula: "chat-cl100k",
    });
  });
});
