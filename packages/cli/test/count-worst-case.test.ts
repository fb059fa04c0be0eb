// chatml count --vars-schema: a template's worst case, each placeholder at its variable's bound,
// with a schema named on the command line; its refusals (a dataset, no schema, a bad schema, no
// model) are exit 2 naming what to give. In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-worst-case-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(
  join(work, "support.chatml"),
  "<|im_start|>system\nYou help {{ company }} customers. {{ company }} is great.<|im_end|>\n<|im_start|>user\n{{ question }} {{ free }}<|im_end|>\n",
);
writeFileSync(join(work, "open.chatml"), "<|im_start|>user\n{{ a }} {{ b }}<|im_end|>\n");
const schema = {
  type: "object",
  properties: {
    company: { type: "string", maxLength: 10 },
    question: { type: "string", maxTokens: 50 },
    free: { type: "string" },
    a: { type: "string" },
    b: { type: "string" },
  },
};
writeFileSync(join(work, "schema.json"), JSON.stringify(schema));
writeFileSync(join(work, "bad-schema.json"), '{\n  "type": "object",\n  "properties": { "company": 5 }\n}');
writeFileSync(
  join(work, "data.jsonl"),
  `${JSON.stringify({ messages: [{ role: "user", content: "hi" }] })}\n`,
);

async function chatml(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A row of the text report: its label and its tokens. */
const row = (out: string, label: string) => {
  const line = out.split("\n").find((l) => l.trimStart().startsWith(label));
  return Number(
    line
      ?.slice(2 + 24)
      .trim()
      .split(/\s+/)[0],
  );
};

describe("chatml count --vars-schema FILE", () => {
  it("a custom model: no window, each allowance (maxLength x 4 + 3, maxTokens + 3) times its occurrences", async () => {
    const { code, out, err } = await chatml([
      "count",
      "support.chatml",
      "--vars-schema",
      "schema.json",
      "--encoding",
      "cl100k_base",
    ]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toMatch(
      /^support\.chatml: worst case \d+ prompt tokens \(custom model, cl100k_base; variables from schema\.json\)\n {2}no context window, max_tokens 0: fits\n/,
    );
    expect(row(out, "{{ company }} x2")).toBe(2 * (10 * 4 + 3));
    expect(row(out, "{{ question }}")).toBe(50 + 3);
    expect(out).toContain(
      "{{ free }}                     0  no maxTokens or maxLength: unbounded, left out\n",
    );
    expect(row(out, "worst case")).toBe(row(out, "fixed part") + 86 + 53);
    expect(out).toContain("  note: free has no bound: the worst case is higher than this\n");
  });

  it("over the window: DOES NOT FIT, the breach said, exit 1", async () => {
    const { code, out } = await chatml([
      "count",
      "support.chatml",
      "--vars-schema",
      "schema.json",
      "--model",
      "gpt-4",
      "--context-window",
      "50",
    ]);
    expect(code).toBe(1);
    expect(out).toContain("  context window 50, max_tokens 0: DOES NOT FIT\n  over: prompt ");
    expect(out).toContain("exceeds gpt-4's context window of 50 by");
  });

  it("two templates in JSON: a list, one report each; variables with no bound are named", async () => {
    const { code, out } = await chatml([
      "count",
      "support.chatml",
      "open.chatml",
      "--vars-schema",
      "schema.json",
      "--model",
      "gpt-4",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    const reports = JSON.parse(out) as {
      file: string;
      unbounded: string[];
      promptTokens: number;
      fixedTokens: number;
    }[];
    expect(reports.map((r) => [r.file, r.unbounded])).toEqual([
      ["support.chatml", ["free"]],
      ["open.chatml", ["a", "b"]],
    ]);
    // Nothing bounds open.chatml's values: its worst case is its fixed part.
    expect(reports[1]?.promptTokens).toBe(reports[1]?.fixedTokens);
    const text = await chatml(["count", "open.chatml", "--vars-schema", "schema.json", "--model", "gpt-4"]);
    expect(text.out).toContain("  note: a, b have no bound: the worst case is higher than this\n");
  });

  it.each([
    [
      ["data.jsonl", "--vars-schema", "schema.json", "--model", "gpt-4"],
      "--vars-schema counts one template; data.jsonl is a JSONL dataset",
    ],
    [
      ["open.chatml", "--vars-schema", "--model", "gpt-4"],
      "--vars-schema: open.chatml has no open.chatml.vars.json beside it and the config declares no variables; name the schema: --vars-schema FILE",
    ],
    [
      ["support.chatml", "--vars-schema", "bad-schema.json", "--model", "gpt-4"],
      "bad-schema.json:3:30: a variable's schema must be an object",
    ],
    [
      ["support.chatml", "--vars-schema", "schema.json"],
      "count needs --model (or --encoding) to count a template's worst case",
    ],
  ])("count %j is refused", async (args, message) => {
    expect(await chatml(["count", ...args])).toEqual({ code: 2, out: "", err: `chatml: ${message}\n` });
  });

  it.each([
    [
      "null",
      "null\n",
      "1:1: $: a template is a ChatML transcript (a string), an array of messages, or an object with messages",
    ],
    [
      "no messages",
      '{\n  "model": "gpt-4"\n}\n',
      "1:1: $: a template is a ChatML transcript (a string), an array of messages, or an object with messages",
    ],
    [
      "a part that is null",
      '[\n  { "role": "user", "content": [null] }\n]\n',
      "2:33: $[0].content[0]: a content part must be an object with a type, got null",
    ],
  ])("a JSON template that is %s: a problem at its place in the file, exit 1", async (name, text, where) => {
    const file = `${name.replaceAll(" ", "-")}.json`;
    writeFileSync(join(work, file), text);
    expect(await chatml(["count", file, "--vars-schema", "schema.json", "--model", "gpt-4"])).toEqual({
      code: 1,
      out: "",
      err: `${file}:${where}\n`,
    });
  });
});
