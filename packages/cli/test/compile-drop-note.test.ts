// chatml compile --drop: the note on stderr names the first five paths left out and counts the
// rest; compile --tokens with an encoding gives as many ids as the transcript's tokens; a number
// flag given twice is refused by name. In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-compile-drop-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const call = (id: string) => ({
  role: "assistant",
  content: null,
  tool_calls: [{ id, type: "function", function: { name: "f", arguments: "{}" } }],
});
writeFileSync(
  join(work, "body.json"),
  JSON.stringify({
    model: "gpt-4o",
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "a" },
          { type: "image_url", image_url: { url: "u1" } },
          { type: "image_url", image_url: { url: "u2" } },
        ],
      },
      call("c1"),
      { role: "tool", tool_call_id: "c1", content: "r" },
      call("c2"),
      { role: "tool", tool_call_id: "c2", content: "r" },
    ],
    tools: [{ type: "function", function: { name: "f" } }],
    tool_choice: "auto",
  }),
);
writeFileSync(
  join(work, "chat.json"),
  JSON.stringify([{ role: "user", content: "Hello there, how are you?" }]),
);

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("chatml compile --drop", () => {
  it("names the first five paths left out and counts the others", async () => {
    const { code, out, err } = await chatml(["compile", "body.json", "--drop", "tools", "--drop", "images"]);
    expect(code).toBe(0);
    expect(out).toBe(
      "<|im_start|>user\na<|im_end|>\n<|im_start|>assistant\n<|im_end|>\n<|im_start|>tool\nr<|im_end|>\n<|im_start|>assistant\n<|im_end|>\n<|im_start|>tool\nr<|im_end|>\n<|im_start|>assistant\n",
    );
    // Eight in all: tools, tool_choice, two images, two calls, two call ids.
    expect(err).toBe(
      "note: left out (--drop): $.tools, $.tool_choice, $.messages[0].content[1], $.messages[0].content[2], $.messages[1].tool_calls and 3 more\n",
    );
  });
});

describe("chatml compile --tokens --encoding", () => {
  it("as many ids as the transcript's tokens", async () => {
    const ids = await chatml(["compile", "chat.json", "--tokens", "--encoding", "cl100k_base"]);
    expect({ code: ids.code, err: ids.err }).toEqual({ code: 0, err: "" });
    const parsed = JSON.parse(ids.out) as { encoding: string; ids: number[] };
    expect(parsed.encoding).toBe("cl100k_base");
    expect((await chatml(["compile", "chat.json", "-o", "chat.chatml"])).code).toBe(0);
    const count = await chatml(["count", "chat.chatml", "--encoding", "cl100k_base", "--format", "json"]);
    expect(parsed.ids.length).toBe((JSON.parse(count.out) as { promptTokens: number }).promptTokens);
  });
});

describe("a number flag given twice", () => {
  it("is refused by name, before anything is read", async () => {
    expect(
      await chatml(["count", "nothere.json", "--max-tokens", "1", "--max-tokens", "2", "--model", "gpt-4o"]),
    ).toEqual({
      code: 2,
      out: "",
      err: "chatml: --max-tokens was given 2 times; give it once\nRun chatml --help for usage.\n",
    });
  });
});
