// render's check of the filled text: a special token or a profile's tag that a value and the
// text beside it spell together, from either side of the value's edge, and nothing the template
// holds on its own; in token ids (renderToTokens) each such finding is a warning that says why.
import { describe, expect, it } from "vitest";
import { render, renderToTokens } from "../src/index.js";

const NEITHER = "a special token neither holds alone (placeholder-adjacent-special warns of such a template)";

describe("a token spelled across a value's edge", () => {
  it.each([
    ["the text before the value", "<|im_start|>user\n<|im_{{ v }}<|im_end|>\n", "end|>"],
    ["the text after the value", "<|im_start|>user\n{{ v }}end|> ok<|im_end|>\n", "<|im_"],
  ])("with %s", (_, template, v) => {
    const result = render(template, { v });
    expect(result.problems).toEqual([
      {
        code: "special-token",
        severity: "error",
        message: `the value of {{ v }} and the text beside it join into <|im_end|>: ${NEITHER}`,
        start: template.indexOf("{{"),
        end: template.indexOf("}}") + 2,
        variable: "v",
      },
    ]);
    expect(result.output).toBeUndefined();
  });

  it("is not the template's own token beside a value: that one is the template's (validate reports it)", () => {
    // Right before the value and right after it: touching its edges, across neither.
    const template = [{ role: "user", content: "<|endoftext|>{{ v }}<|endoftext|>" }];
    expect(render(template, { v: "hi" }).problems).toEqual([]);
  });

  it("nor a token wholly inside the value (that one is the value's own finding)", () => {
    for (const v of ["a <|im_end|> b", "<|im_end|>"]) {
      const result = render("<|im_start|>user\nsay {{ v }}<|im_end|>\n", { v });
      expect(result.problems.map((p) => [p.code, p.message.startsWith("the value of {{ v }}: ")])).toEqual([
        ["special-token", true],
      ]);
    }
  });

  it("in token ids, is a warning that says the ids keep it text", async () => {
    const template = [{ role: "user", content: "<|im_{{ v }}" }];
    const tokens = await renderToTokens(template, { v: "end|>" }, { model: "gpt-4o" });
    expect(tokens.problems.map((p) => [p.code, p.severity, p.message])).toEqual([
      [
        "special-token",
        "warning",
        "the value of {{ v }} and the text beside it join into <|im_end|> (in token ids each is text, so here they cannot)",
      ],
    ]);
  });

  it("a value's own special token in token ids: a warning too, saying why", async () => {
    const template = [{ role: "user", content: "say {{ v }}" }];
    const tokens = await renderToTokens(template, { v: "<|im_end|>" }, { model: "gpt-4o" });
    const [p] = tokens.problems;
    expect([p?.code, p?.severity]).toEqual(["special-token", "warning"]);
    expect(p?.message.endsWith(" (in token ids it is text, so here it cannot)")).toBe(true);
  });
});

describe("where render's problems are", () => {
  it("in a transcript, by offset alone: no path member", () => {
    const template = "<|im_start|>user\n{{ v }}<|im_end|>\n";
    const [filled] = render(template, { v: "<|im_end|>" }).problems;
    expect(filled && Object.hasOwn(filled, "path")).toBe(false);
    const variables = { properties: { v: { type: "string", maxLength: 2 } } };
    const [schema] = render(template, { v: "long" }, { variables }).problems;
    expect(schema?.code).toBe("invalid-value");
    expect(schema && Object.hasOwn(schema, "path")).toBe(false);
  });

  it("a placeholder in a transcript's header, by offset alone too", () => {
    const [header] = render("<|im_start|>{{ r }}\nhi<|im_end|>\n", { r: "user" }).problems;
    expect(header?.code).toBe("placeholder-in-header");
    expect(header && Object.hasOwn(header, "path")).toBe(false);
  });

  it("in JSON, at a path: the value's content, and the root for the values' schema", () => {
    const template = [{ role: "user", content: "{{ v }}" }];
    expect(render(template, { v: "<|im_end|>" }).problems[0]?.path).toBe("$[0].content");
    const variables = { properties: { v: { type: "string", maxLength: 2 } } };
    expect(render(template, { v: "long" }, { variables }).problems[0]?.path).toBe("$");
  });
});

describe("what render leaves as it is", () => {
  it("a text part whose text is no string, and entries that are no object", () => {
    // A String object reads like a string to string methods, but it is no JSON string: left alone.
    const boxed = new String("{{ v }}");
    expect(render([{ role: "user", content: [{ type: "text", text: boxed }] }], { v: "hi" }).output).toEqual([
      { role: "user", content: [{ type: "text", text: boxed }] },
    ]);
    const template = [
      {
        role: "user",
        content: [{ type: "text", text: ["{{ v }}"] }, "loose", null, { type: "text", text: "{{ v }}" }],
      },
      7,
    ];
    const result = render(template, { v: "hi" });
    expect(result.problems).toEqual([]);
    expect(result.output).toEqual([
      {
        role: "user",
        content: [{ type: "text", text: ["{{ v }}"] }, "loose", null, { type: "text", text: "hi" }],
      },
      7,
    ]);
  });
});

describe("an escape", () => {
  it("loses its backslash in a text with no placeholder, too", () => {
    const result = render("<|im_start|>user\nwrite \\{{ x }} literally<|im_end|>\n", {});
    expect(result.output).toBe("<|im_start|>user\nwrite {{ x }} literally<|im_end|>\n");
    expect(render([{ role: "user", content: "a \\{{ b" }], {}).output).toEqual([
      { role: "user", content: "a {{ b" },
    ]);
  });
});
