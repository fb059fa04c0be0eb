// The parts of a count of the compiled transcript (a tokenizer.json, or a profile): where each
// part is, what is left out and why, how the count describes itself, and what it refuses. Found
// by mutation testing (count-compiled.ts): the sums were checked, the parts' paths and the notes
// a user reads were not.
import { beforeAll, describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import {
  countChatTokensSync,
  InvalidInputError,
  type JsonTokenizer,
  loadTokenizer,
  tokenizerFromJson,
} from "../src/index.js";

let tokenizer: JsonTokenizer;
beforeAll(async () => {
  tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
});

const tools = [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } }];
const image = {
  role: "user",
  content: [
    { type: "text", text: "see" },
    { type: "image_url", image_url: { url: "https://example.com/a.png" } },
  ],
};
const request = { messages: [image, { role: "assistant", content: "ok" }], tools, temperature: 1 };
const lowerBound = (path: string, format: string) =>
  `${path} was not counted: ${format} does not write it: the count is a lower bound`;

describe("a compiled count's parts", () => {
  it("plain ChatML: the priming, a part per message at its path, and what v0 does not write, each with its note", () => {
    const count = countChatTokensSync(request, { tokenizer });
    expect(count.parts.map(({ path, method, messageIndex }) => [path, method, messageIndex])).toEqual([
      ["$", "reply-priming", undefined],
      ["$.messages[0]", "chatml-tokens", 0],
      ["$.messages[1]", "chatml-tokens", 1],
      ["$.tools", "not-counted", undefined],
      ["$.messages[0].content[1]", "not-counted", 0],
    ]);
    const v0 = "ChatML v0 does not write it (a model's own template may)";
    expect(count.notes).toEqual([
      `$.tools was not counted: ${v0}: the count is a lower bound`,
      `$.messages[0].content[1] was not counted: ${v0}: the count is a lower bound`,
    ]);
    expect(count.messages.map(({ role }) => role)).toEqual(["user", "assistant"]);
    expect(count.exact).toBe(false);
    expect(count).not.toHaveProperty("profile");
    expect(count.formulaDescription).toContain("The ChatML transcript compile writes, counted with tiny");
    expect(count.formulaDescription).toContain(
      "(the file's added tokens), the text between them as ordinary text",
    );
    expect(count.formulaDescription).toContain(
      "through the newline after its <|im_end|>, and the generation prompt",
    );
    expect(count.formulaDescription).toContain("Exact for a server that renders plain ChatML");
  });

  it("a profile without tools leaves them out, and says so in its own words", () => {
    const count = countChatTokensSync(request, { tokenizer, profile: "qwen2" });
    expect(count.profile).toBe("qwen2");
    expect(count.notes).toEqual([
      lowerBound("$.tools", "the qwen2 format"),
      lowerBound("$.messages[0].content[1]", "the qwen2 format"),
    ]);
    expect(count.formulaDescription).toContain(
      "The transcript the qwen2 profile writes (as the model's template",
    );
    expect(count.formulaDescription).toContain("each special token one id, and each of the template's tags");
    expect(count.formulaDescription).toContain("ordinary text. Per message from its turn's start");
    expect(count.formulaDescription).toContain(
      "default system prompt, its tool declarations and the generation prompt",
    );
  });

  it("a profile with tools counts them and leaves out only the image", () => {
    const count = countChatTokensSync(request, { tokenizer, profile: "qwen2.5" });
    expect(count.parts.find((p) => p.path === "$.tools")?.method).toBe("tools-declaration");
    expect(count.tools).toBeGreaterThan(0);
    expect(count.notes).toEqual([lowerBound("$.messages[0].content[1]", "the qwen2.5 format")]);
    // A text-only request has nothing left out: the count is exact.
    const text = countChatTokensSync(
      { messages: [{ role: "user", content: "see" }], tools },
      { tokenizer, profile: "qwen2.5" },
    );
    expect(text.exact).toBe(true);
    expect(text.notes).toEqual([]);
  });

  it("the request's other keys (temperature, model...) are not an error", () => {
    const count = countChatTokensSync(
      { messages: [{ role: "user", content: "hi" }], temperature: 1, model: "x" } as never,
      { tokenizer },
    );
    expect(count.promptTokens).toBeGreaterThan(0);
  });

  it("a request it cannot read is refused with the reader's issues at their paths, as the formula's count refuses it", async () => {
    const encoding = await loadTokenizer("cl100k_base");
    for (const bad of [
      { messages: "x" },
      [{ role: 5, content: "x" }],
      [{ role: "user", content: "a", extra: { deep: 1 } }, 7],
    ]) {
      const issues = (options: Parameters<typeof countChatTokensSync>[1]) => {
        try {
          countChatTokensSync(bad as never, options);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          return (error as InvalidInputError).issues.map(({ path, message }) => [path, message]);
        }
        return [];
      };
      const expected = issues({ tokenizer: encoding });
      expect(expected.length, JSON.stringify(bad)).toBeGreaterThan(0);
      expect(issues({ tokenizer }), JSON.stringify(bad)).toEqual(expected);
      expect(issues({ tokenizer, profile: "qwen2.5" }), JSON.stringify(bad)).toEqual(expected);
    }
  });
});
