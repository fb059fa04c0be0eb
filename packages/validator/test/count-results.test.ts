// Counts' whole results: which keys a count has (a model only when one was named), where each
// token of a transcript goes (its message, or `other`: text before, between and after messages),
// the notes of a transcript that does not parse, and the formula's description word for word.
import { describe, expect, it } from "vitest";
import { tinyTokenizerJson } from "../../../scripts/tiny-tokenizer.js";
import { countChat } from "../src/count-chat.js";
import {
  countChatTokens,
  countChatTokensSync,
  countTranscriptTokens,
  tokenizerFor,
  tokenizerFromJson,
} from "../src/index.js";
import { resolveModel } from "../src/models.js";
import { refused, refusedAsync } from "./refused.js";

const START = "<|im_start|>";
const END = "<|im_end|>";

/** Each message of `text` (from its <|im_start|> to its <|im_end|>), counted on its own. */
async function messageCounts(text: string, encoding: "cl100k_base" | "o200k_base") {
  const counts: number[] = [];
  for (let at = text.indexOf(START); at !== -1; at = text.indexOf(START, at + 1)) {
    const end = text.indexOf(END, at);
    if (end === -1) break;
    counts.push((await countTranscriptTokens(text.slice(at, end + END.length), { encoding })).tokens);
  }
  return counts;
}

describe("a transcript's count", () => {
  const transcript = `before${START}user\nHi there${END}\nbetween${START}assistant\nOk${END}\nafter`;

  it("gives each message its own tokens, and the text around them to other", async () => {
    const count = await countTranscriptTokens(transcript, { encoding: "cl100k_base", ids: true });
    const own = await messageCounts(transcript, "cl100k_base");
    expect(count.messages).toEqual([
      { index: 0, role: "user", tokens: own[0] },
      { index: 1, role: "assistant", tokens: own[1] },
    ]);
    const around = ["before", "\nbetween", "\nafter"];
    let aroundTokens = 0;
    for (const text of around)
      aroundTokens += (await countTranscriptTokens(text, { encoding: "cl100k_base" })).tokens;
    expect(count.other).toBe(aroundTokens);
    expect(count.tokens).toBe(count.ids?.length);
    expect(count.tokens).toBe((own[0] ?? 0) + (own[1] ?? 0) + aroundTokens);
  });

  it("has a model only when one was named, and ids only when asked for", async () => {
    const named = await countTranscriptTokens(`${START}user\nx${END}`, { model: "gpt-4o" });
    expect(named.model).toBe("gpt-4o");
    expect(named.encoding).toBe("o200k_base");
    expect(named.formula).toBe("completions-raw");
    expect("ids" in named).toBe(false);
    const unnamed = await countTranscriptTokens(`${START}user\nx${END}`, { encoding: "cl100k_base" });
    expect(Object.keys(unnamed).sort()).toEqual([
      "encoding",
      "formula",
      "messages",
      "notes",
      "other",
      "tokens",
    ]);
  });

  it("says a transcript does not parse, with its first error and how many there are", async () => {
    const one = await countTranscriptTokens(`${START}user\nx${END}junk`, { encoding: "cl100k_base" });
    expect(one.notes).toEqual([
      "the transcript has a parse error, first at 2:12: text outside any message; every message starts with <|im_start|> and ends with <|im_end|>; the total is the raw string's, the per-message figures are of the messages that could be read (chatml lint shows every problem)",
    ]);
    const three = await countTranscriptTokens(transcript, { encoding: "cl100k_base" });
    expect(three.notes).toEqual([
      "the transcript has 3 parse errors, first at 1:1: text outside any message; every message starts with <|im_start|> and ends with <|im_end|>; the total is the raw string's, the per-message figures are of the messages that could be read (chatml lint shows every problem)",
    ]);
  });

  it("says nothing of text with no message at all, nor of a transcript with warnings only", async () => {
    expect((await countTranscriptTokens("just text", { encoding: "cl100k_base" })).notes).toEqual([]);
    // An open generation header is no error; the last header's tokens are other.
    const open = await countTranscriptTokens(`${START}user\nx${END}\n${START}assistant\n`, {
      encoding: "cl100k_base",
    });
    expect(open.notes).toEqual([]);
    expect(open.messages.map((m) => m.role)).toEqual(["user"]);
    expect(open.other).toBe(open.tokens - (open.messages[0]?.tokens ?? 0));
  });
});

describe("a chat count", () => {
  it("has a model only when one was named", async () => {
    const messages = [{ role: "user", content: "hi" }];
    expect((await countChatTokens(messages, { model: "gpt-4o" })).model).toBe("gpt-4o");
    expect("model" in (await countChatTokens(messages, { encoding: "o200k_base" }))).toBe(false);
  });

  it("starts its parts with the reply priming, at the request's root", async () => {
    const count = await countChatTokens([{ role: "user", content: "hi" }], { model: "gpt-4o" });
    expect(count.parts[0]).toEqual({ path: "$", method: "reply-priming", tokens: 3, exact: true });
  });

  it("describes its formula word for word, a negative per-name figure with its own sign", async () => {
    const old = await countChatTokens([{ role: "user", content: "hi", name: "bob" }], {
      model: "gpt-3.5-turbo-0301",
    });
    expect(old.formulaDescription).toBe(
      "OpenAI chat formula chat-0301 (cl100k_base): 3 reply priming + 4 per message + tokens of each value, -1 per name; tools: func_init 10, prop_init 3, prop_key 3, enum_init -3, enum_item 3, func_end 12. An estimate that has matched the API on published examples; server-side counting may change.",
    );
    const current = await countChatTokens([{ role: "user", content: "hi" }], { model: "gpt-4o" });
    expect(current.formulaDescription).toContain(", +1 per name; ");
    const functions = await countChatTokens(
      {
        messages: [
          { role: "system", content: "s" },
          { role: "user", content: "hi" },
        ],
        functions: [{ name: "f", parameters: { type: "object", properties: {} } }],
      },
      { model: "gpt-4o" },
    );
    expect(functions.formulaDescription).toContain(
      "func_end 12. Legacy functions: the TypeScript namespace the API writes (reverse-engineered by hmarr/openai-chat-tokens) + 9, the first system message padded with a newline, -4 with a system message. An estimate that",
    );
  });

  it("with no image context given, leaves an image uncounted and says so", async () => {
    const tokenizer = await tokenizerFor({ model: "gpt-4o" });
    const request = [
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }] },
    ];
    const count = countChat(request, tokenizer, resolveModel({ model: "gpt-4o" }).formula);
    expect(count.exact).toBe(false);
    expect(count.notes).toEqual([
      "$[0].content[0]: an image is counted by its model's formula, and no model was named; not counted: the count is a lower bound",
    ]);
  });
});

describe("the model a count names, with a tokenizer the caller loaded", () => {
  const messages = [{ role: "user", content: "x" }];

  it("refuses a model this tokenizer does not count for, and a model it does not know, as the loading count does", async () => {
    const o200k = await tokenizerFor({ encoding: "o200k_base" });
    expect(refused(() => countChatTokensSync(messages, { model: "gpt-4", tokenizer: o200k }))).toEqual([
      "invalid-option",
      "gpt-4 counts with cl100k_base, and the tokenizer given is o200k_base",
    ]);
    // The tokenizer's encoding does not describe a model chatmlkit does not know: that takes the caller's word.
    const unknown = { model: "my-ft", contextWindow: 1000 };
    const loading = await refusedAsync(() => countChatTokens(messages, unknown));
    expect(loading[0]).toBe("unknown-model");
    expect(refused(() => countChatTokensSync(messages, { ...unknown, tokenizer: o200k }))).toEqual(loading);
  });

  it("with a tokenizer.json: no encoding, a known model or a window, and no model named when none is", async () => {
    const tokenizer = await tokenizerFromJson(tinyTokenizerJson(), {}, { name: "tiny" });
    expect(refused(() => countChatTokensSync(messages, { tokenizer, encoding: "o200k_base" }))).toEqual([
      "invalid-option",
      "a tokenizer.json tokenizer replaces the encoding: give a model or a context window, not an encoding",
    ]);
    expect(refused(() => countChatTokensSync(messages, { tokenizer, model: "Qwen/Qwen3-8B" }))?.[0]).toBe(
      "unknown-model",
    );
    expect(
      countChatTokensSync(messages, { tokenizer, model: "Qwen/Qwen3-8B", contextWindow: 10 }).model,
    ).toBe("Qwen/Qwen3-8B");
    const unnamed = await countTranscriptTokens("<|im_start|>user\nx<|im_end|>", { tokenizer });
    expect("model" in unnamed).toBe(false);
    expect(unnamed.encoding).toBe("tiny");
  });

  it("notes the ids that are chatmlkit's convention, word for word", async () => {
    const count = await countTranscriptTokens("<|im_start|>user\nx<|im_end|>", { encoding: "o200k_base" });
    expect(count.notes).toEqual([
      "o200k_base ids of <|im_start|>, <|im_end|> are chatmlkit's convention (OpenAI has not published them); counts are exact, those ids are not authoritative",
    ]);
    expect(
      (await countTranscriptTokens("<|im_start|>user\nx<|im_end|>", { encoding: "cl100k_base" })).notes,
    ).toEqual([]);
  });
});
