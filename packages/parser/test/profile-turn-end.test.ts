// When an assistant turn has ended (its <|im_end|>, or a stop token of the profile's model at the
// end of the final message), an open <think> is unterminated; while the final message may go on,
// it is reasoning so far. Found by mutation testing (profiles/read-document.ts): which turns count
// as closed was untested.
import { describe, expect, it } from "vitest";
import { parse } from "../src/index.js";

const codes = (text: string, profile: "qwen2.5" | "qwen3" | "hermes") =>
  parse(text, { profile }).diagnostics.map((d) => [d.code, d.start, d.end]);

describe("the end of an assistant turn, with a profile", () => {
  it("an open <think> in the final message is reasoning so far; after a stop token it is unterminated", () => {
    expect(codes("<think>\nhm", "qwen3")).toEqual([]);
    const stopped = parse("<think>\nhm<|endoftext|>", { profile: "qwen3" });
    expect(stopped.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([
      ["unterminated-reasoning", 0, 7],
    ]);
    expect(stopped.continueFinalMessage).toBe(false);
    expect(stopped.messages[0]).toMatchObject({ role: "assistant", content: "", reasoning_content: "hm" });
  });

  it("an earlier turn ended with <|im_end|>: its open <think> is unterminated, the final one's is not", () => {
    const text =
      "<|im_start|>assistant\n<think>\nhm<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n<think>\nx";
    expect(codes(text, "qwen3")).toEqual([["unterminated-reasoning", 22, 29]]);
  });

  it("only the profile's own stop tokens end the final message: hermes' model ends with <|im_end|> alone", () => {
    const qwen = parse("Hi<|endoftext|>", { profile: "qwen2.5" });
    expect([qwen.messages[0]?.content, qwen.continueFinalMessage]).toEqual(["Hi", false]);
    const hermes = parse("Hi<|endoftext|>", { profile: "hermes" });
    expect([hermes.messages[0]?.content, hermes.continueFinalMessage]).toEqual(["Hi<|endoftext|>", true]);
  });
});
