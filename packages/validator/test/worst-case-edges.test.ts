// The worst case of templates of every shape: contents with no placeholder, parts that are not
// text, messages that are not objects, variables with no bound, and its one-line note.
import { describe, expect, it } from "vitest";
import { countContext } from "../src/count-options.js";
import {
  BOUNDARY_TOKENS,
  countChatTokens,
  countWorstCase,
  readVariables,
  render,
  ValidatorError,
  worstCase,
  worstCaseNote,
} from "../src/index.js";
import { InvalidInputError } from "../src/input-error.js";
import { NOT_A_TEMPLATE } from "../src/template/render.js";

const declared = readVariables({ properties: { q: { maxTokens: 10 }, free: {} } }).variables;

describe("worstCase of a messages template", () => {
  it("empties placeholders in text parts only, and counts what has none as it is", async () => {
    const context = await countContext({ model: "gpt-4o" });
    const image = { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } };
    const template = {
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [{ type: "text", text: "Q: {{ q }}" }, image, { type: "text", text: "end" }],
        },
      ],
    };
    const worst = worstCase(template, declared, context);
    const fixed = await countChatTokens(
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Q: " }, image, { type: "text", text: "end" }] },
        ],
      },
      { model: "gpt-4o" },
    );
    expect(worst.fixedTokens).toBe(fixed.promptTokens);
    expect(worst.promptTokens).toBe(fixed.promptTokens + 10 + BOUNDARY_TOKENS);
    // The allowance lands on the message that uses it.
    expect(worst.perMessage).toEqual([fixed.messages[0]?.tokens, (fixed.messages[1]?.tokens ?? 0) + 13]);
    expect(worst.fixed).toBe(fixed.promptTokens - worst.perMessage.reduce((s, t) => s + t, 0) + 13);
  });

  it("leaves a variable without a bound out, and says so", async () => {
    const context = await countContext({ model: "gpt-4o" });
    const worst = worstCase(
      [{ role: "user", content: "{{ free }} {{ q }} {{ q }} {{ nobody }}" }],
      declared,
      context,
    );
    expect(worst.variables).toEqual([
      { name: "free", occurrences: 1, allowance: undefined, bound: "none" },
      { name: "q", occurrences: 2, allowance: 13, bound: "maxTokens" },
      { name: "nobody", occurrences: 1, allowance: undefined, bound: "none" },
    ]);
    expect(worst.unbounded).toEqual(["free", "nobody"]);
    expect(worst.promptTokens).toBe(worst.fixedTokens + 26);
    expect(worstCaseNote(worst)).toBe(
      `worst case ${worst.promptTokens} tokens: the fixed part ${worst.fixedTokens} + free unbounded (left out) + q 2 x 13 (maxTokens) + nobody unbounded (left out)`,
    );
  });

  it("a template with no placeholder is its own worst case, and the note has nothing to add", async () => {
    const context = await countContext({ model: "gpt-4o" });
    const worst = worstCase({ messages: [{ role: "user", content: "Hello" }] }, declared, context);
    const counted = await countChatTokens(
      { messages: [{ role: "user", content: "Hello" }] },
      { model: "gpt-4o" },
    );
    expect(worst).toMatchObject({ fixedTokens: counted.promptTokens, promptTokens: counted.promptTokens });
    expect(worstCaseNote(worst)).toBe(
      `worst case ${counted.promptTokens} tokens: the fixed part ${counted.promptTokens}`,
    );
  });

  it("passes what is no message, or no content it can empty, to the count, which judges it", async () => {
    const context = await countContext({ model: "gpt-4o" });
    // What render refuses as no template has no worst case: a body whose messages is no list,
    // null, a number, an object of another shape.
    for (const template of [{ messages: "none" }, null, undefined, 5, { model: "gpt-4o" }]) {
      expect(() => worstCase(template, declared, context)).toThrow(
        expect.objectContaining({
          code: "invalid-input",
          message: `$: ${NOT_A_TEMPLATE}`,
          issues: [{ code: "invalid-input", message: NOT_A_TEMPLATE, path: "$" }],
        }),
      );
      expect(render(template as never, {}).problems.map((p) => p.message)).toEqual([NOT_A_TEMPLATE]);
    }
    const noContent = worstCase(
      [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
      ],
      declared,
      context,
    );
    expect(noContent.variables).toEqual([]);
    expect(noContent.promptTokens).toBe(noContent.fixedTokens);
    // What the count refuses is refused at its path, not emptied into something else.
    // A list's entries are at $[i], a body's at $.messages[i], as countChatTokens has them.
    expect(() => worstCase(["{{ q }}"], declared, context)).toThrow(InvalidInputError);
    expect(() => worstCase([null, { role: "user", content: "{{ q }}" }], declared, context)).toThrow(
      /^\$\[0\]: a message must be an object, got null/,
    );
    expect(() => worstCase([{ role: "user", content: ["{{ q }}"] }], declared, context)).toThrow(
      /^\$\[0\]\.content\[0\]: a content part must be an object with a type/,
    );
    expect(() =>
      worstCase({ messages: [{ role: "user", content: ["{{ q }}"] }] }, declared, context),
    ).toThrow(/^\$\.messages\[0\]\.content\[0\]: a content part must be an object with a type/);
    // A part that is null, or a text part whose text is no string, is not emptied: the count refuses it.
    const parts = [null, { type: "text", text: 5 }, { type: "text", text: "{{ q }}" }];
    expect(() => worstCase([{ role: "user", content: parts }], declared, context)).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: "$[0].content[0]" }),
          expect.objectContaining({ path: "$[0].content[1].text" }),
        ],
      }),
    );
  });

  it("counts as fixed what render gives with every value empty: escapes lose their backslash", async () => {
    const context = await countContext({ model: "gpt-4o" });
    for (const content of [
      "write \\{{ x }} as it is",
      "\\{{ a }} then {{ q }} and \\{{ b }}",
      "{{ q }}\\{{ q }}",
    ]) {
      const worst = worstCase([{ role: "user", content }], declared, context);
      const empty = render([{ role: "user", content }], { q: "" }).output as unknown[];
      expect(worst.fixedTokens, content).toBe(
        (await countChatTokens(empty, { model: "gpt-4o" })).promptTokens,
      );
    }
  });

  it("reads placeholders only in text parts: a text member of another part is no use of a variable", async () => {
    const context = await countContext({ model: "gpt-4o" });
    const image = { type: "image_url", image_url: { url: "https://example.com/a.png" }, text: "{{ q }}" };
    const worst = worstCase(
      [{ role: "user", content: [image, { type: "text", text: "hi" }] }],
      declared,
      context,
    );
    expect(worst.variables).toEqual([]);
    expect(worst.promptTokens).toBe(worst.fixedTokens);
  });
});

describe("countWorstCase", () => {
  it("refuses a schema that declares no variables, with the schema's path", async () => {
    const refused = countWorstCase("<|im_start|>user\nHi<|im_end|>\n", { properties: [] } as never, {
      model: "gpt-4o",
    });
    await expect(refused).rejects.toBeInstanceOf(ValidatorError);
    await expect(refused).rejects.toMatchObject({
      code: "invalid-option",
      message: "variables $.properties: properties must be an object of schemas",
    });
  });

  it("judges a custom model as the model, and names no model", async () => {
    const template = "<|im_start|>user\n{{ q }}<|im_end|>\n";
    const count = await countWorstCase(
      template,
      { properties: { q: { maxTokens: 100 } } },
      {
        encoding: "o200k_base",
        contextWindow: 50,
      },
    );
    expect(count).not.toHaveProperty("model");
    expect(count).toMatchObject({ encoding: "o200k_base", contextWindow: 50, fits: false });
    expect(count.breaches[0]?.message).toMatch(/the model/);
    const named = await countWorstCase(
      template,
      { properties: { q: { maxTokens: 100 } } },
      { model: "gpt-4o" },
    );
    expect(named).toMatchObject({ model: "gpt-4o", fits: true, breaches: [] });
    // A named model over its window is named in the breach.
    const over = await countWorstCase(
      template,
      { properties: { q: { maxTokens: 200_000 } } },
      { model: "gpt-4o" },
    );
    expect(over.fits).toBe(false);
    expect(over.breaches[0]?.message).toMatch(/gpt-4o/);
    expect(over.breaches[0]?.message).not.toMatch(/the model/);
  });
});
