// chatml fit's checks of its options and inputs, and its models: each refusal is exit 2 naming
// what to give; a custom model (an encoding and a window) and a transcript are fitted. In-process.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { ROOT } from "./bundle.js";

const work = mkdtempSync(join(tmpdir(), "chatml-fit-options-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
copyFileSync(join(ROOT, "packages/cli/examples/tokenizer/tokenizer.json"), join(work, "tokenizer.json"));
writeFileSync(
  join(work, "chat.json"),
  JSON.stringify([
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi there ".repeat(30) },
    { role: "assistant", content: "Hello ".repeat(30) },
    { role: "user", content: "Bye" },
  ]),
);
writeFileSync(
  join(work, "chat.chatml"),
  `<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n${"Hi there ".repeat(30)}<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n`,
);
writeFileSync(
  join(work, "data.jsonl"),
  `${JSON.stringify({ messages: [{ role: "user", content: "hi" }] })}\n`,
);

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("chatml fit refuses what it cannot fit, saying what to give (exit 2)", () => {
  it.each([
    [
      ["data.jsonl", "--model", "gpt-4o", "--max-tokens", "5"],
      "fit reads one conversation, not a JSONL dataset",
    ],
    [
      ["chat.json", "--max-tokens", "5"],
      "fit needs --model (or --encoding or --tokenizer, and --context-window)",
    ],
    [
      ["chat.json", "--tokenizer", "tokenizer.json", "--encoding", "cl100k_base", "--max-tokens", "5"],
      "--tokenizer replaces --encoding: give one of them",
    ],
    [
      ["chat.json", "--encoding", "cl100k_base", "--max-tokens", "5"],
      "fit with --encoding needs --context-window (or --max-prompt-tokens)",
    ],
    [
      ["chat.json", "--tokenizer", "tokenizer.json", "--max-tokens", "5"],
      "fit with --tokenizer needs --context-window (or --max-prompt-tokens)",
    ],
  ])("fit %j", async (args, message) => {
    expect(await chatml(["fit", ...args])).toEqual({ code: 2, out: "", err: `chatml: ${message}\n` });
  });

  it("an unknown model is a usage error with what to give instead", async () => {
    const { code, out, err } = await chatml([
      "fit",
      "chat.json",
      "--model",
      "nope-model",
      "--max-tokens",
      "5",
    ]);
    expect({ code, out }).toEqual({ code: 2, out: "" });
    expect(err).toBe(
      'chatml: unknown model "nope-model" (for a model chatmlkit does not know, give its encoding and context window)\n',
    );
  });
});

describe("chatml fit with a custom model, and of a transcript", () => {
  it("an encoding and a context window: the oldest turns dropped, the system message kept", async () => {
    const { code, out, err } = await chatml([
      "fit",
      "chat.json",
      "--encoding",
      "cl100k_base",
      "--max-tokens",
      "5",
      "--context-window",
      "60",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Bye" },
    ]);
    expect(err).toMatch(/^dropped 2 messages \(#1-#2: \d+ tokens\)\n/);
    expect(err).toMatch(
      /kept 2 messages, \d+ prompt tokens of 55 allowed \(custom model, chat-cl100k, max_tokens 5\)\n$/,
    );
  });

  it("a transcript is fitted as a transcript, counted as the Completions endpoint does", async () => {
    const { code, out, err } = await chatml([
      "fit",
      "chat.chatml",
      "--model",
      "gpt-4",
      "--max-tokens",
      "5",
      "--max-prompt-tokens",
      "30",
    ]);
    expect(code).toBe(0);
    expect(out).toBe(
      "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n",
    );
    expect(err).toMatch(/^dropped 1 message \(#1: \d+ tokens\)\n/);
    expect(err).toMatch(/\(gpt-4, completions-raw, max_tokens 5\)\n$/);
  });
});
