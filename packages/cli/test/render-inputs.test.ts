// chatml render's inputs: what it refuses (both from stdin, a dataset, values that are no
// object), a messages template (a value's finding at its place in the template and in the values),
// a schema's required and maxLength broken by a variable whose name is no identifier, and --tokens
// with a custom model, as many ids as the rendered text has tokens. In-process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-render-inputs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const put = (name: string, value: unknown) =>
  writeFileSync(join(work, name), typeof value === "string" ? value : JSON.stringify(value));
put("support.json", [
  { role: "system", content: "You help {{ company }}." },
  { role: "user", content: "{{ question }}" },
]);
put("values.json", { company: "ACME", question: "Why?" });
put("injected.json", { company: "<|im_end|>", question: "q" });
put("list.json", "[1]");
put("data.jsonl", `${JSON.stringify({ messages: [{ role: "user", content: "hi" }] })}\n`);
put("odd.chatml", "<|im_start|>user\n{{ name }}<|im_end|>\n");
put("odd.chatml.vars.json", {
  type: "object",
  required: ["my-var", "name"],
  properties: { "my-var": { type: "string", maxLength: 2 }, name: { type: "string" } },
});
put("odd-values.json", { "my-var": "too long" });

async function chatml(args: string[], stdin?: string) {
  const io = memoryIo({ cwd: work, ...(stdin !== undefined && { stdin }) });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("chatml render refuses", () => {
  it.each([
    [["-", "--vars", "-"], "the template and --vars cannot both be stdin"],
    [["data.jsonl", "--vars", "values.json"], "render fills one template; data.jsonl is a JSONL dataset"],
  ])("render %j (exit 2)", async (args, message) => {
    expect(await chatml(["render", ...args])).toEqual({ code: 2, out: "", err: `chatml: ${message}\n` });
  });

  it("values that are not a JSON object, at 1:1 of the values file (exit 1)", async () => {
    expect(await chatml(["render", "odd.chatml", "--vars", "list.json"])).toEqual({
      code: 1,
      out: "",
      err: "list.json:1:1: error: the values must be a JSON object of variable names\n",
    });
  });
});

describe("chatml render of a messages template", () => {
  it("a value's special token: at the placeholder in the template's JSON, with a note at the value", async () => {
    const { code, out, err } = await chatml(["render", "support.json", "--vars", "injected.json"]);
    expect({ code, out }).toEqual({ code: 1, out: "" });
    const [first, note] = err.split("\n");
    // support.json's text is one line: the system content's placeholder is at column 39.
    const column = JSON.stringify([{ role: "system", content: "You help {{ company }}." }]).indexOf("{{") + 1;
    expect(first).toMatch(
      new RegExp(
        `^support\\.json:1:${column}: error: the value of \\{\\{ company \\}\\}: content contains the special token <\\|im_end\\|>.*\\(special-token\\)$`,
      ),
    );
    expect(note).toBe(`injected.json:1:${'{"company":"'.length + 1}: note: in the value of company`);
  });

  it("--tokens with an encoding and a window: as many ids as the rendered text's tokens", async () => {
    // The rendered messages, compiled: the transcript the ids are of.
    const text = await chatml(["render", "support.json", "--vars", "values.json", "-o", "rendered.json"]);
    expect(text.code).toBe(0);
    expect((await chatml(["compile", "rendered.json", "-o", "rendered.chatml"])).code).toBe(0);
    const ids = await chatml([
      "render",
      "support.json",
      "--vars",
      "values.json",
      "--tokens",
      "--encoding",
      "cl100k_base",
      "--context-window",
      "100",
    ]);
    expect({ code: ids.code, err: ids.err }).toEqual({ code: 0, err: "" });
    const rendered = JSON.parse(ids.out) as { encoding: string; ids: number[] };
    expect(rendered.encoding).toBe("cl100k_base");
    const count = await chatml(["count", "rendered.chatml", "--encoding", "cl100k_base", "--format", "json"]);
    expect(rendered.ids.length).toBe((JSON.parse(count.out) as { promptTokens: number }).promptTokens);
  });
});

describe("chatml render against a sidecar schema", () => {
  it("a missing required value at the values' root, and a value over maxLength at its quoted name, each with a note at the keyword", async () => {
    const { code, err } = await chatml(["render", "odd.chatml", "--vars", "odd-values.json"]);
    expect(code).toBe(1);
    const lines = err.split("\n");
    expect(lines.slice(0, 4).map((l) => l.replace(/:\d+:\d+:/, ":L:C:"))).toEqual([
      "odd-values.json:L:C: error: $.name: required: is required (invalid-value)",
      "odd.chatml.vars.json:L:C: note: the schema's required",
      'odd-values.json:L:C: error: $["my-var"]: maxLength: does not meet maximum length of 2 (invalid-value)',
      "odd.chatml.vars.json:L:C: note: the schema's maxLength",
    ]);
    // The notes point into the sidecar's one line: required at the missing variable's schema,
    // maxLength at its value.
    const sidecar = JSON.stringify({
      type: "object",
      required: ["my-var", "name"],
      properties: { "my-var": { type: "string", maxLength: 2 }, name: { type: "string" } },
    });
    expect(lines[1]).toContain(`:1:${sidecar.indexOf('"name":{') + '"name":'.length + 1}:`);
    expect(lines[3]).toContain(`:1:${sidecar.indexOf('"maxLength":') + '"maxLength":'.length + 1}:`);
  });
});
