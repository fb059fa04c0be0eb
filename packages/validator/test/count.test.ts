import { compile, IM_END, IM_START, parse, SPECIAL_TOKENS } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import {
  CHAT_FORMULAS,
  compileToTokens,
  countChatTokens,
  countTranscriptTokens,
  InvalidInputError,
  loadTokenizer,
  resolveModel,
  ValidatorError,
} from "../src/index.js";
import {
  AZURE_IDS,
  AZURE_TRANSCRIPT,
  JARGON_COUNTS,
  JARGON_MESSAGES,
  WEATHER_COUNTS,
  WEATHER_MESSAGES,
  WEATHER_TOOLS,
} from "./published.js";

describe("countTranscriptTokens", () => {
  it("reproduces Azure's published vector exactly", async () => {
    const count = await countTranscriptTokens(AZURE_TRANSCRIPT, { encoding: "cl100k_base", ids: true });
    expect(count.ids).toEqual(AZURE_IDS);
    expect(count.tokens).toBe(7);
    expect(count.formula).toBe("completions-raw");
    // the user message holds <|im_start|> user \n Hello <|im_end|>; the open header is outside any message
    expect(count.messages).toEqual([{ index: 0, role: "user", tokens: 5 }]);
    expect(count.other).toBe(2);
  });

  it("counts every special token, not only the first (gpt-tokenizer's allowedSpecial bug)", async () => {
    const count = await countTranscriptTokens(`${IM_START}${IM_END}${IM_START}${IM_END}`, {
      model: "gpt-4",
      ids: true,
    });
    expect(count.ids).toEqual([100264, 100265, 100264, 100265]);
  });

  it("reads special tokens inside content as the raw endpoint does, as single ids", async () => {
    const count = await countTranscriptTokens(`${IM_START}user\na<|endoftext|>b${IM_END}`, {
      encoding: "cl100k_base",
      ids: true,
    });
    expect(count.ids).toContain(100257);
  });

  it("says when o200k ids are chatmlkit's convention", async () => {
    const count = await countTranscriptTokens(AZURE_TRANSCRIPT, { model: "gpt-4o", ids: true });
    expect(count.ids?.[0]).toBe(200264);
    expect(count.tokens).toBe(7);
    expect(count.notes.join(" ")).toMatch(/convention/);
    const plain = await countTranscriptTokens("<|endoftext|>", { model: "gpt-4o", ids: true });
    expect(plain.ids).toEqual([199999]);
    expect(plain.notes).toEqual([]);
  });

  it("has parts that add up to the total", async () => {
    const text = `${IM_START}system\nBe brief.${IM_END}\n${IM_START}user name=bob\nHi there${IM_END}\n${IM_START}assistant\n`;
    const count = await countTranscriptTokens(text, { encoding: "cl100k_base", ids: true });
    const sum = count.messages.reduce((s, m) => s + m.tokens, 0) + count.other;
    expect(sum).toBe(count.tokens);
    expect(count.ids?.length).toBe(count.tokens);
  });
});

describe("countChatTokens reproduces the API's published prompt_tokens", () => {
  for (const [model, expected] of Object.entries(JARGON_COUNTS)) {
    it(`few-shot jargon example on ${model}: ${expected}`, async () => {
      const count = await countChatTokens({ messages: JARGON_MESSAGES }, { model });
      expect(count.promptTokens).toBe(expected);
      expect(count.messages.reduce((s, m) => s + m.tokens, 0) + count.replyPriming + count.tools).toBe(
        expected,
      );
    });
  }
  for (const [model, expected] of Object.entries(WEATHER_COUNTS)) {
    it(`weather tool example on ${model}: ${expected}`, async () => {
      const count = await countChatTokens({ messages: WEATHER_MESSAGES, tools: WEATHER_TOOLS }, { model });
      expect(count.promptTokens).toBe(expected);
      expect(count.tools).toBeGreaterThan(0);
    });
  }

  it("names the formula it applied", async () => {
    const old = await countChatTokens(JARGON_MESSAGES, { model: "gpt-3.5-turbo-0301" });
    expect(old.formula).toBe("chat-0301");
    expect(CHAT_FORMULAS[old.formula as keyof typeof CHAT_FORMULAS].tokensPerName).toBe(-1);
    expect(old.formulaDescription).toMatch(/chat-0301.*4 per message.*-1 per name/);
    const o200k = await countChatTokens(JARGON_MESSAGES, { model: "gpt-4o" });
    expect(o200k.formula).toBe("chat-o200k");
    expect(o200k.encoding).toBe("o200k_base");
  });

  it("says what it estimated: a tool call, by its path", async () => {
    const calls = await countChatTokens(
      [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
      ],
      { model: "gpt-4o" },
    );
    expect(calls.notes.join(" ")).toMatch(
      /^\$\[0\]\.tool_calls\[0\]: OpenAI has not published how tool calls are counted/,
    );
    expect(calls.exact).toBe(false);
  });

  it("throws a typed error for input that is not messages", async () => {
    await expect(countChatTokens({ prompt: "x" } as never, { model: "gpt-4" })).rejects.toBeInstanceOf(
      ValidatorError,
    );
  });
});

describe("compileToTokens: the injection-proof compile", () => {
  it("encodes every special token in content as plain text, never as its id", async () => {
    for (const model of ["gpt-4", "gpt-4o"]) {
      const tokenizer = await loadTokenizer(resolveModel({ model }).encoding);
      const specialIds = new Set(tokenizer.specialTokens.values());
      for (const token of SPECIAL_TOKENS) {
        const { ids } = await compileToTokens([{ role: "user", content: token }], {
          model,
          addGenerationPrompt: false,
        });
        const structure = [IM_START, IM_END].map((t) => tokenizer.specialTokens.get(t));
        // <|im_start|> user\n {token as text} <|im_end|> \n
        const content = ids.slice(1, -2);
        expect(content, `${model}: ${token}`).toEqual(tokenizer.encodeText(`user\n${token}`));
        expect(
          content.some((id) => specialIds.has(id)),
          `${model}: ${token} leaked as a special id`,
        ).toBe(false);
        expect([ids[0], ids[ids.length - 2]]).toEqual(structure);
      }
    }
  });

  it("writes <|im_sep|> as its id in the chatml-sep dialect", async () => {
    const { ids } = await compileToTokens([{ role: "user", content: "Hello" }], {
      model: "gpt-35-turbo",
      dialect: "chatml-sep",
    });
    // Azure's vector with <|im_sep|> (100266) after each role
    expect(ids).toEqual([100264, 882, 100266, 9906, 100265, 100264, 78191, 100266]);
  });
});

describe("models", () => {
  it("knows Azure's deployment names and their windows", () => {
    expect(resolveModel({ model: "gpt-35-turbo" }).contextWindow).toBe(4096);
    expect(resolveModel({ model: "gpt-35-turbo-16k" }).contextWindow).toBe(16384);
    expect(resolveModel({ model: "gpt-4" }).contextWindow).toBe(8192);
    expect(resolveModel({ model: "gpt-4-32k" }).contextWindow).toBe(32768);
    expect(resolveModel({ model: "gpt-4o" })).toMatchObject({
      encoding: "o200k_base",
      contextWindow: 128000,
    });
  });

  it("refuses an unknown model with the closest names", () => {
    let error: unknown;
    try {
      resolveModel({ model: "gpt4o-mini" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidatorError);
    expect((error as ValidatorError).code).toBe("unknown-model");
    expect((error as ValidatorError).suggestions).toContain("gpt-4o-mini");
    expect((error as Error).message).toMatch(/did you mean "gpt-4o-mini"/);
  });

  it("takes a caller's context window for any other model", () => {
    expect(resolveModel({ encoding: "o200k_base", contextWindow: 32000 })).toMatchObject({
      name: "custom",
      contextWindow: 32000,
      source: "caller",
    });
    expect(() => resolveModel({ model: "davinci" })).toThrow(/no ChatML special tokens/);
  });
});

describe("countChatTokens reads input through the one reader", () => {
  it("an entry that is not a message is refused at its own path: $[i] in a bare array, $.messages[i] in a body", async () => {
    const bare = await countChatTokens([{ role: "user", content: "a" }, 5], { model: "gpt-4o" }).catch(
      (e: unknown) => e,
    );
    expect(bare).toBeInstanceOf(InvalidInputError);
    expect((bare as InvalidInputError).issues.map((i) => i.path)).toEqual(["$[1]"]);
    const body = await countChatTokens({ messages: [5] }, { model: "gpt-4o" }).catch((e: unknown) => e);
    expect((body as InvalidInputError).message).toBe(
      "$.messages[0]: a message must be an object, got number 5",
    );
  });

  it("a parsed document counts as its messages: the spans `chatml parse --spans` prints are not text", async () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is ChatML?" },
    ];
    const doc = JSON.parse(JSON.stringify(parse(compile(messages))));
    expect(doc.messages[0].span).toBeDefined();
    const plain = await countChatTokens(messages, { model: "gpt-4o" });
    const parsed = await countChatTokens(doc, { model: "gpt-4o" });
    expect(parsed.promptTokens).toBe(plain.promptTokens);
  });
});
