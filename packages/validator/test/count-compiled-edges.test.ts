// The parts of a count of the compiled transcript (a tokenizer.json, or a profile): where each
// part is, what is left out and why, how the count describes itself, and what it refuses. Found
// by mutation testing (count-compiled.ts): the sums were checked, the parts' paths and the notes
// a user reads were not.

import { compile } from "@chatmlkit/parser";
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

  it("the request's other keys (temperature, model...) and a message's are not an error", () => {
    const count = countChatTokensSync(
      {
        messages: [{ role: "user", content: "hi", metadata: { a: 1 } }],
        temperature: 1,
        model: "x",
      } as never,
      { tokenizer },
    );
    expect(count.promptTokens).toBeGreaterThan(0);
  });

  it("a system prompt and the tools declared after it share a run: what their join merges goes to the larger", async () => {
    const encoding = await loadTokenizer("o200k_base");
    const t = (text: string) => encoding.countText(text);
    const body = (system: string) => ({
      messages: [
        { role: "system", content: system },
        { role: "user", content: "q" },
      ],
      tools,
    });
    const counted = (system: string) => {
      const count = countChatTokensSync(body(system) as never, { tokenizer: encoding, profile: "qwen2.5" });
      return { system: count.messages[0]?.tokens, tools: count.tools };
    };
    // Qwen writes the tools in the system turn after its content: the message owns the turn's start
    // and its text, the tools the rest of the turn (its tags are text to an OpenAI encoding) and
    // the turn's end, <|im_end|> and the newline after it: 2 tokens more.
    const shares = (system: string) => {
      const text = compile(body(system) as never, { profile: "qwen2.5" });
      const own = `system\n${system}`;
      const from = text.indexOf(own) + own.length;
      return { own, tools: text.slice(from, text.indexOf("<|im_end|>", from)) };
    };
    const merged = (system: string) => {
      const { own, tools: declared } = shares(system);
      return t(own + declared) - t(own) - t(declared);
    };
    // A prompt ending in a newline meets the tools' "\n\n": the join is one token fewer.
    const short = "Be brief.\n";
    expect(merged(short)).toBe(-1);
    expect(counted(short)).toEqual({
      system: 1 + t(shares(short).own),
      tools: t(shares(short).tools) - 1 + 2,
    });
    const long = `${"Answer in one short sentence. ".repeat(60)}\n`;
    expect(merged(long)).toBe(-1);
    expect(counted(long)).toEqual({ system: 1 + t(shares(long).own) - 1, tools: t(shares(long).tools) + 2 });
    // Shares of as many tokens: the first, the message's, takes the difference.
    const words = Array.from({ length: 400 }, (_, k) => `${"word ".repeat(k)}\n`);
    const tie = words.find((w) => t(shares(w).own) === t(shares(w).tools));
    expect(tie).toBeDefined();
    expect(counted(tie as string)).toEqual({
      system: 1 + t(shares(tie as string).own) - 1,
      tools: t(shares(tie as string).tools) + 2,
    });
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
