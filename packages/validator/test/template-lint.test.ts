import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countContext } from "../src/count-options.js";
import {
  BOUNDARY_TOKENS,
  checkValues,
  countChatTokens,
  countTranscriptTokens,
  countWorstCase,
  loadTokenizer,
  MAX_TOKENS_PER_CHARACTER,
  readVariables,
  render,
  renderToTokens,
  validate,
  worstCase,
} from "../src/index.js";

const SCHEMA = {
  type: "object",
  properties: {
    question: { type: "string", maxTokens: 50 },
    lang: { type: "string", maxLength: 8, enum: ["English", "Deutsch"] },
    user: { type: "object", properties: { name: { type: "string", maxLength: 20 } } },
  },
};

describe("declared variables", () => {
  it("are the schema's properties, nested ones dotted, with their bounds", () => {
    const { variables, problems } = readVariables(SCHEMA);
    expect([...variables.values()]).toEqual([
      { name: "question", maxTokens: 50 },
      { name: "lang", maxLength: 8 },
      { name: "user" },
      { name: "user.name", maxLength: 20 },
    ]);
    expect(problems).toEqual([]);
  });

  it("a bound that is no count, or properties that are no object, is a problem at its path in the schema", () => {
    expect(readVariables({ properties: { q: { maxTokens: -1 } } }).problems).toEqual([
      { path: "$.properties.q.maxTokens", message: "maxTokens must be a whole number >= 0" },
    ]);
    expect(readVariables({ properties: [] }).problems[0]?.path).toBe("$.properties");
    expect(readVariables("x").problems[0]?.path).toBe("$");
  });

  it("values are checked against the schema: each error at the value's path, with the keyword", () => {
    // maxLength counts characters (code points), as JSON Schema says: 8 astral characters fit 8.
    expect(checkValues(SCHEMA, { lang: "English", user: { name: "😀".repeat(20) } })).toEqual([]);
    const found = checkValues(SCHEMA, { question: 3, lang: "Français", user: { name: "x".repeat(21) } });
    expect(found.map((v) => [v.path, v.keyword])).toEqual([
      ["$.question", "type"],
      ["$.lang", "enum"],
      ["$.user.name", "maxLength"],
    ]);
  });
});

describe("validate with template and variables", () => {
  const transcript =
    "<|im_start|>system\nAnswer in {{ lang }}.<|im_end|>\n<|im_start|>user\n{{ questoin }}<|im_end|>\n";

  it("reports an undeclared placeholder (with the closest name) and an unused variable", async () => {
    const result = await validate(transcript, { variables: SCHEMA });
    const found = result.diagnostics.map((d) => [d.code, transcript.slice(d.start, d.end)]);
    expect(found).toEqual([
      ["unused-variable", ""],
      ["unused-variable", ""],
      ["undeclared-variable", "{{ questoin }}"],
    ]);
    expect(result.diagnostics[2]?.message).toContain('did you mean "question"?');
    expect(result.diagnostics.slice(0, 2).map((d) => d.message)).toEqual([
      "the variable question is declared but no placeholder uses it",
      "the variable user.name is declared but no placeholder uses it",
    ]);
  });

  it("a placeholder touching a token piece or another placeholder warns; the message's own delimiters do not", async () => {
    const text = "<|im_start|>user\n<|{{ a }} and {{ b }}{{ c }} and {{ d }}|> and {{ e }}<|im_end|>\n";
    const result = await validate(text, { template: true });
    expect(result.diagnostics.map((d) => [d.code, d.severity, text.slice(d.start, d.end)])).toEqual([
      ["placeholder-adjacent-special", "warning", "{{ a }}"],
      ["placeholder-adjacent-special", "warning", "{{ b }}"],
      ["placeholder-adjacent-special", "warning", "{{ d }}"],
    ]);
  });

  it("in messages JSON: a role or name placeholder is an error; each text part is checked at its own path", async () => {
    const messages = [
      {
        role: "user",
        name: "{{ who }}",
        content: [
          { type: "text", text: "Hi" },
          { type: "text", text: "<|im_{{ x }}" },
        ],
      },
    ];
    const result = await validate(messages, { template: true });
    expect(result.diagnostics.map((d) => [d.code, d.path, d.start, d.end])).toEqual([
      ["placeholder-in-header", "$[0].name", 0, 9],
      ["invalid-name", "$[0].name", 0, 9],
      ["placeholder-adjacent-special", "$[0].content[1].text", 5, 12],
    ]);
  });

  it("a template's syntax problems are the parser's codes, in a transcript and in JSON alike", async () => {
    const text = "<|im_start|>user\n{% if x %}{{ name | upper }}<|im_end|>\n";
    const codes = (await validate(text, { template: true })).diagnostics.map((d) => d.code);
    const json = await validate([{ role: "user", content: "{% if x %}{{ name | upper }}" }], {
      template: true,
    });
    expect(codes).toEqual(["unsupported-template-syntax", "unsupported-template-syntax"]);
    expect(json.diagnostics.map((d) => d.code)).toEqual(codes);
  });

  it("without the option, placeholders are text", async () => {
    expect(
      (await validate("<|im_start|>{{ r }}\n<|{{ a }}<|im_end|>\n")).diagnostics.map((d) => d.code),
    ).not.toContain("placeholder-in-header");
  });
});

describe("the worst case", () => {
  it("MAX_TOKENS_PER_CHARACTER holds and is reached: U+10000 is 4 tokens a character in both encodings", async () => {
    for (const encoding of ["cl100k_base", "o200k_base"] as const) {
      const tokenizer = await loadTokenizer(encoding);
      expect(tokenizer.encodeText("\u{10000}".repeat(1000)).length).toBe(1000 * MAX_TOKENS_PER_CHARACTER);
    }
  });

  it("is the fixed part (the template with its placeholders empty) plus each placeholder's allowance", async () => {
    const template =
      "<|im_start|>system\nAnswer in {{ lang }}.<|im_end|>\n<|im_start|>user\n{{ question }} \\{{ x }}<|im_end|>\n";
    const context = await countContext({ model: "gpt-4o" });
    const worst = worstCase(template, readVariables(SCHEMA).variables, context);
    const empty = render(template, { lang: "", question: "" }).output as string;
    const fixed = await countTranscriptTokens(empty, { model: "gpt-4o" });
    expect(worst.fixedTokens).toBe(fixed.tokens);
    expect(worst.variables).toEqual([
      {
        name: "lang",
        occurrences: 1,
        allowance: 8 * MAX_TOKENS_PER_CHARACTER + BOUNDARY_TOKENS,
        bound: "maxLength",
      },
      { name: "question", occurrences: 1, allowance: 50 + BOUNDARY_TOKENS, bound: "maxTokens" },
    ]);
    expect(worst.promptTokens).toBe(worst.fixedTokens + 35 + 53);
    expect(worst.perMessage).toEqual([
      (fixed.messages[0]?.tokens ?? 0) + 35,
      (fixed.messages[1]?.tokens ?? 0) + 53,
    ]);
  });

  it("a messages template is counted as the API counts it", async () => {
    const template = [{ role: "user", content: "Summarise {{ doc }}" }];
    const context = await countContext({ model: "gpt-4o" });
    const worst = worstCase(
      template,
      readVariables({ properties: { doc: { maxTokens: 1000 } } }).variables,
      context,
    );
    const fixed = await countChatTokens(
      { messages: [{ role: "user", content: "Summarise " }] },
      { model: "gpt-4o" },
    );
    expect(worst.fixedTokens).toBe(fixed.promptTokens);
    expect(worst.promptTokens).toBe(fixed.promptTokens + 1000 + BOUNDARY_TOKENS);
  });

  it("bounds every render whose values keep to their maxLength (property, both encodings)", async () => {
    const pieces = ["a", " ", "  ", "\n", "1", "é", "字", "😀", "\u{10000}", "'s", "!", "ing", " the", "\t"];
    const value = (max: number) =>
      fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((p) => {
        const s = p.join("");
        return [...s].slice(0, max).join("");
      });
    const template =
      "<|im_start|>system\nA{{ a }}b {{ b }}\n\n<|im_end|>\n<|im_start|>user\n{{a}}x{{ c }}<|im_end|>\n";
    const schema = { properties: { a: { maxLength: 6 }, b: { maxLength: 3 }, c: { maxLength: 5 } } };
    for (const model of ["gpt-4o", "gpt-4"]) {
      const context = await countContext({ model });
      const worst = worstCase(template, readVariables(schema).variables, context);
      fc.assert(
        fc.property(value(6), value(3), value(5), (a, b, c) => {
          const filled = render(template, { a, b, c }).output as string;
          const tokens = context.tokenizer.encodeText(filled.replace(/<\|im_(start|end)\|>/g, "")).length + 4;
          expect(tokens).toBeLessThanOrEqual(worst.promptTokens);
        }),
        { seed: 20261203, numRuns: 300 },
      );
    }
  });

  it("validate judges the budget rules by it, and says so", async () => {
    const template = "<|im_start|>user\n{{ doc }}<|im_end|>\n";
    const variables = { properties: { doc: { maxTokens: 127_000 } } };
    const result = await validate(template, { variables, model: "gpt-4o", maxTokens: 1000 });
    const window = result.diagnostics.find((d) => d.code === "context-window");
    expect(window?.message).toMatch(/^in the worst case, prompt \d+ tokens \+ max_tokens 1000/);
    expect(result.count?.notes.at(-1)).toMatch(
      /^worst case \d+ tokens: the fixed part \d+ \+ doc 127003 \(maxTokens\)$/,
    );
    expect(
      (await validate(template, { variables: { properties: { doc: { maxTokens: 100 } } }, model: "gpt-4o" }))
        .errorCount,
    ).toBe(0);
  });
});

describe("render refuses a special token joined across a value's edge", () => {
  it("template text and a value (<|im_ + end|>), or two values side by side, that spell a token are an error", async () => {
    const halves = render("<|im_start|>user\nQ: <|im_{{ x }}<|im_end|>\n", { x: "end|>" });
    expect(halves.output).toBeUndefined();
    expect(halves.problems.map((p) => [p.code, p.severity, p.variable])).toEqual([
      ["special-token", "error", "x"],
    ]);
    const pair = render([{ role: "user", content: "{{ a }}{{ b }}" }], { a: "<|im_", b: "end|>" });
    expect(pair.output).toBeUndefined();
    expect(pair.problems[0]?.message).toContain("join into <|im_end|>");
    // Apart, or as token ids (each value its own text), they are harmless.
    expect(
      render([{ role: "user", content: "{{ a }} {{ b }}" }], { a: "<|im_", b: "end|>" }).errorCount,
    ).toBe(0);
    const ids = await renderToTokens(
      [{ role: "user", content: "{{ a }}{{ b }}" }],
      { a: "<|im_", b: "end|>" },
      { model: "gpt-4o" },
    );
    expect(ids.errorCount).toBe(0);
  });
});

describe("renderToTokens with declared variables", () => {
  const template = "<|im_start|>user\n{{ q }}<|im_end|>\n";
  const variables = { type: "object", properties: { q: { type: "string", maxTokens: 5 } } };

  it("refuses a value over its maxTokens, counted with the ids' tokenizer, so the worst case still bounds the prompt", async () => {
    const over = await renderToTokens(
      template,
      { q: "one two three four five six seven" },
      { model: "gpt-4o", variables },
    );
    expect(over.ids).toBeUndefined();
    expect(over.problems.map((p) => [p.code, p.valuePath, p.keyword])).toEqual([
      ["invalid-value", "$.q", "maxTokens"],
    ]);
    expect(over.problems[0]?.message).toBe(
      "$.q: maxTokens: the value is 7 tokens, over the schema's maxTokens of 5",
    );
    const within = await renderToTokens(template, { q: "one two three" }, { model: "gpt-4o", variables });
    expect(within.errorCount).toBe(0);
    const worst = await countWorstCase(template, variables, { model: "gpt-4o" });
    expect(within.ids?.length).toBeLessThanOrEqual(worst.promptTokens);
  });

  it("and the schema's other keywords, as render does", async () => {
    const typed = await renderToTokens(template, { q: 42 }, { model: "gpt-4o", variables });
    expect(typed.problems.map((p) => [p.code, p.keyword])).toEqual([["invalid-value", "type"]]);
  });
});
