// chatml count's text report: a custom model's prompt budget with no window, the total over
// files and datasets, files that could not be counted, a dataset counted with a tokenizer.json,
// a walked dataset judged by its first line that is not blank, and "1 example", not "1 examples". In-process.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { ROOT } from "./bundle.js";

const work = mkdtempSync(join(tmpdir(), "chatml-count-text-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
copyFileSync(join(ROOT, "packages/cli/examples/tokenizer/tokenizer.json"), join(work, "tokenizer.json"));
writeFileSync(
  join(work, "chat.json"),
  JSON.stringify([{ role: "user", content: "Hello there, how are you?" }]),
);
writeFileSync(join(work, "broken.json"), "{oops");
mkdirSync(join(work, "data"));
const example = JSON.stringify({
  messages: [
    { role: "user", content: "hi" },
    { role: "assistant", content: "Hello there" },
  ],
});
// Its first line is blank: the walk judges it by the next.
writeFileSync(join(work, "data", "train.jsonl"), `\n${example}\n`);

async function count(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(["count", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("chatml count, text", () => {
  it("a custom model with a prompt budget and no window: judged by the budget", async () => {
    const { code, out } = await count(["chat.json", "--encoding", "cl100k_base", "--max-prompt-tokens", "5"]);
    expect(code).toBe(1);
    const [head, limits, over] = out.split("\n");
    expect(head).toMatch(/^chat\.json: (\d+) prompt tokens \(custom model, cl100k_base, chat-cl100k\)$/);
    const tokens = Number(head?.split(" ")[1]);
    expect(limits).toBe("  no context window, max_tokens 0, prompt budget 5: DOES NOT FIT");
    expect(over).toBe(`  over: prompt is ${tokens} tokens, over the budget of 5 by ${tokens - 5}`);
  });

  it("a window breach names the model (modelWho): a custom one is 'the model'", async () => {
    const custom = await count(["chat.json", "--encoding", "cl100k_base", "--context-window", "5"]);
    expect(custom.code).toBe(1);
    expect(custom.out).toMatch(/exceeds the model's context window of 5 by \d+/);
    const named = await count(["chat.json", "--model", "gpt-4", "--max-tokens", "8190"]);
    expect(named.code).toBe(1);
    expect(named.out).toMatch(/exceeds gpt-4's context window of 8192 by \d+/);
  });

  it("a value nested too deep to count: a problem at its line and column, exit 1", async () => {
    let extra: unknown = 1;
    for (let i = 0; i < 70; i++) extra = [extra];
    // One level per line: "extra" opens on line 5, each [0] further down is a line further down.
    const text = JSON.stringify([{ role: "user", content: "hi", extra }], null, 1);
    writeFileSync(join(work, "deep.json"), text);
    const { code, out, err } = await count(["deep.json", "--model", "gpt-4o"]);
    const line = 5 + 62;
    const column = (text.split("\n")[line - 1] ?? "").indexOf("[") + 1;
    expect({ code, out, err }).toEqual({
      code: 1,
      out: "",
      err: `deep.json:${line}:${column}: $[0].extra${"[0]".repeat(62)}: nested deeper than 64 levels\n`,
    });
  });

  it("no window and no budget: no verdict", async () => {
    const { code, out } = await count(["chat.json", "--encoding", "cl100k_base"]);
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toBe("  no context window, max_tokens 0");
  });

  it("the total: prompt files' tokens, datasets' examples and billable tokens, and what was not counted", async () => {
    const { code, out, err } = await count(["chat.json", "data", "broken.json", "--model", "gpt-4o"]);
    expect(code).toBe(1);
    expect(err).toBe('broken.json:1:2: invalid JSON: an unexpected character, found "o"\n');
    const tokens = Number(out.split(" ")[1]);
    const billable = Number(/~(\d+) billable tokens per epoch/.exec(out)?.[1]);
    expect(out).toContain("data/train.jsonl: 1 example (gpt-4o, o200k_base, chat-o200k)\n");
    expect(out).toContain("  0 examples over the 16385-token limit (they will be truncated)\n");
    expect(out.split("\n").at(-2)).toBe(
      `total: ${tokens} prompt tokens in 2 files, 1 dataset example (~${billable} billable tokens); 1 not counted (see above)`,
    );
    const one = await count(["chat.json", "broken.json", "--model", "gpt-4o"]);
    expect(one.out.split("\n").at(-2)).toBe(
      `total: ${tokens} prompt tokens in 1 file; 1 not counted (see above)`,
    );
  });

  it("a dataset counted with a tokenizer.json: its formula is chatml-tokens", async () => {
    const { code, out } = await count(["data/train.jsonl", "--tokenizer", "tokenizer.json"]);
    expect(code).toBe(0);
    expect(out.split("\n")[0]).toBe(
      "data/train.jsonl: 1 example (custom model, tokenizer.json, chatml-tokens)",
    );
  });
});
