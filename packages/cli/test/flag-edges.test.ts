// Flags at their edges and outputs at theirs: --max-file-size below 1 byte or over what chatml can
// hold, a limit of 1 byte; --rule without a level; lint's --encoding and --max-example-tokens on a
// dataset; parse --profile of an empty output and of one that only calls a tool; fit dropping
// turns that are not next to each other; a walked dataset of blank lines skipped. In-process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-flag-edges-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const put = (name: string, text: string) => writeFileSync(join(work, name), text);
put("m.json", JSON.stringify([{ role: "user", content: "Hi" }]));
put(
  "d.jsonl",
  `${JSON.stringify({
    messages: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "yo" },
    ],
  })}\n`,
);
put("empty.txt", "");
put("call.txt", '<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>');
put(
  "long.json",
  JSON.stringify([
    { role: "system", content: "S" },
    { role: "user", content: "Hi there ".repeat(30) },
    { role: "assistant", content: "A" },
    { role: "system", content: "S2" },
    { role: "user", content: "Hello ".repeat(30) },
    { role: "user", content: "Bye" },
  ]),
);
mkdirSync(join(work, "walk"));
put("walk/blank.jsonl", "\n\n  \n");
put("walk/ok.chatml", "<|im_start|>user\nhi<|im_end|>\n");

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("flags at their edges (exit 2)", () => {
  it.each([
    [
      ["compile", "m.json", "--max-file-size", "0"],
      'chatml: --max-file-size must be at least 1 byte, got "0"',
    ],
    [
      ["compile", "m.json", "--max-file-size", "1GiB"],
      'chatml: --max-file-size can be at most 536870888 bytes (just under 512 MiB), the longest text JavaScript holds; got "1GiB"',
    ],
    [
      ["compile", "m.json", "--max-file-size", "1"],
      "chatml: cannot read m.json: it is 32 bytes, over the 1 byte limit; raise the limit with --max-file-size 1MiB",
    ],
    [
      ["lint", "m.json", "--rule", "special-token"],
      'chatml: --rule takes id=off|warn|error, got "special-token"',
    ],
  ])("%j", async (args, message) => {
    expect(await chatml(args)).toEqual({ code: 2, out: "", err: `${message}\n` });
  });
});

describe("lint --encoding --max-example-tokens on a dataset", () => {
  it("counts each example with the encoding against the limit given", async () => {
    const { code, out } = await chatml([
      "lint",
      "d.jsonl",
      "--encoding",
      "cl100k_base",
      "--max-example-tokens",
      "5",
      "-f",
      "json",
    ]);
    expect(code).toBe(0);
    const [report] = JSON.parse(out) as { messages: { ruleId: string; message: string }[] }[];
    expect(report?.messages.find((m) => m.ruleId === "dataset-too-long")?.message).toMatch(
      /^example is \d+ tokens, over the 5-token limit per example$/,
    );
  });
});

describe("parse --profile of a model's raw output", () => {
  it("empty: an assistant message with empty content", async () => {
    expect(await chatml(["parse", "--profile", "qwen3", "empty.txt"])).toEqual({
      code: 0,
      out: `${JSON.stringify({ role: "assistant", content: "" }, null, 2)}\n`,
      err: "",
    });
  });

  it("only a tool call: content null, as the API has it", async () => {
    const { code, out } = await chatml(["parse", "--profile", "qwen3", "call.txt"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_0", type: "function", function: { name: "f", arguments: "{}" } }],
    });
  });
});

describe("fit dropping turns apart", () => {
  it("keeps every system message; the dropped ones are listed as ranges", async () => {
    const { code, out, err } = await chatml([
      "fit",
      "long.json",
      "--model",
      "gpt-4",
      "--max-tokens",
      "5",
      "--max-prompt-tokens",
      "20",
    ]);
    expect(code).toBe(0);
    expect((JSON.parse(out) as { content: string }[]).map((m) => m.content)).toEqual(["S", "S2", "Bye"]);
    expect(err).toMatch(/^dropped 3 messages \(#1-#2, #4: \d+ tokens\)\nkept 3 messages, /);
  });
});

describe("a walked dataset of blank lines", () => {
  it("holds no conversation: skipped", async () => {
    expect(await chatml(["lint", "walk"])).toEqual({
      code: 0,
      out: "checked 1 file (1 skipped), no problems\n",
      err: "",
    });
  });
});
