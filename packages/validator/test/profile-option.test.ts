// validate's profile option: a transcript's malformed tool-call and reasoning blocks, as the
// parser reads them with the profile, at their offsets in the transcript.
import { describe, expect, it } from "vitest";
import { ValidatorError, validate } from "../src/index.js";

const transcript =
  '<|im_start|>user\nWeather?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Zürich",}}\n</tool_call><|im_end|>\n';

// foreign-special-token reports <tool_call> with or without a profile (Qwen's control token in text).
const own = <D extends { code: string }>(diagnostics: readonly D[]) =>
  diagnostics.filter((d) => d.code !== "foreign-special-token");

describe("validate with a profile", () => {
  it("reports a malformed <tool_call> block at the character where its JSON breaks", async () => {
    const { diagnostics } = await validate(transcript, { profile: "qwen3" });
    expect(own(diagnostics).map((d) => [d.code, transcript.slice(d.start, d.end), d.line, d.column])).toEqual(
      [["invalid-tool-call-json", "}", 5, 56]],
    );
  });

  it("takes only the profile's own diagnostics from its reading: ChatML's are reported once, in order", async () => {
    const broken = transcript.replace("<|im_end|>\n<|im_start|>assistant", "\n<|im_start|>assistant");
    const { diagnostics } = await validate(broken, { profile: "qwen3" });
    expect(own(diagnostics).map((d) => [d.code, d.start])).toEqual([
      ["unterminated-message", 0],
      ["invalid-tool-call-json", broken.indexOf(",}}") + 1],
    ]);
  });

  it("reports nothing of the sort without one, and keeps the rules' levels", async () => {
    expect(own((await validate(transcript)).diagnostics)).toEqual([]);
    const off = await validate(transcript, { profile: "qwen3", rules: { "invalid-tool-call-json": "off" } });
    expect(own(off.diagnostics)).toEqual([]);
  });

  it("refuses an unknown profile and a dialect the profile does not write", async () => {
    await expect(validate(transcript, { profile: "qwen9" as never })).rejects.toThrow(ValidatorError);
    await expect(validate(transcript, { profile: "phi-4", dialect: "chatml" })).rejects.toThrow(
      "the phi-4 profile reads the chatml-sep dialect, not chatml",
    );
  });
});
