// validate's and validateSync's refusals of their options, each with its code and words (a
// library user's typo gets the same kind of error as the CLI's), and the options they accept.
import { DIALECT_OPTIONS, PROFILE_NAMES, profileInfo } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import {
  InvalidInputError,
  loadTokenizer,
  type ValidateOptions,
  ValidatorError,
  validate,
  validateSync,
} from "../src/index.js";
import { levelOf, unknownRuleMessage } from "../src/rules.js";
import { closest, didYouMean } from "../src/suggest.js";

const messages = [{ role: "user", content: "hi" }];

async function refusal(options: unknown, input: unknown = messages) {
  try {
    await validate(input, options as ValidateOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidatorError);
    const { code, message, suggestions } = error as ValidatorError;
    return { code, message, suggestions };
  }
  throw new Error("accepted");
}

describe("validate's options", () => {
  it("refuses a dialect that is none, for a transcript and for JSON alike", async () => {
    const words = {
      code: "invalid-option",
      message: 'unknown dialect "hermes"; expected auto, chatml or chatml-sep',
      suggestions: [],
    };
    expect(await refusal({ dialect: "hermes" })).toEqual(words);
    expect(await refusal({ dialect: "hermes" }, "<|im_start|>user\nhi<|im_end|>\n")).toEqual(words);
    for (const dialect of DIALECT_OPTIONS) expect((await validate(messages, { dialect })).errorCount).toBe(0);
  });

  it("reads a transcript in the dialect asked for: another layout is a mismatch, auto reads either", async () => {
    const sep = "<|im_start|>user<|im_sep|>hi<|im_end|>\n";
    const codes = async (dialect: ValidateOptions["dialect"]) =>
      (await validate(sep, dialect === undefined ? {} : { dialect })).diagnostics.map((d) => d.code);
    expect(await codes("chatml")).toContain("dialect-mismatch");
    expect(await codes("chatml-sep")).toEqual([]);
    expect(await codes("auto")).toEqual([]);
    expect(await codes(undefined)).toEqual([]);
  });

  it("refuses an unknown profile, and a dialect its profile does not read", async () => {
    expect(await refusal({ profile: "qwen9" })).toEqual({
      code: "invalid-option",
      message: `unknown profile "qwen9"; expected one of ${PROFILE_NAMES.join(", ")}`,
      suggestions: [],
    });
    expect(await refusal({ profile: "phi-4", dialect: "chatml" })).toEqual({
      code: "invalid-option",
      message: "the phi-4 profile reads the chatml-sep dialect, not chatml",
      suggestions: [],
    });
    // Its own dialect, and auto, are fine.
    for (const profile of PROFILE_NAMES) {
      const info = profileInfo(profile);
      if (info === undefined) throw new Error(`no profile ${profile}`);
      expect((await validate(messages, { profile, dialect: info.dialect })).errorCount).toBe(0);
      expect((await validate(messages, { profile, dialect: "auto" })).errorCount).toBe(0);
    }
  });

  it("refuses an unknown rule with the nearest ids, and a level that is none", async () => {
    expect(await refusal({ rules: { "special-tokn": "off" } })).toEqual({
      code: "invalid-option",
      message: 'unknown rule "special-tokn"; did you mean "special-token"?',
      suggestions: ["special-token"],
    });
    expect(await refusal({ rules: { "special-token": "loud" } })).toEqual({
      code: "invalid-option",
      message: "rule special-token: level must be off, warn or error, got loud",
      suggestions: [],
    });
    for (const level of ["off", "warn", "error"] as const) {
      await expect(validate(messages, { rules: { "special-token": level } })).resolves.toBeDefined();
    }
  });

  it("needs a model, an encoding or a tokenizer for a budget: the request's own model if known", async () => {
    expect(await refusal({ maxPromptTokens: 10 })).toEqual({
      code: "invalid-option",
      message: "a token budget needs a model (or an encoding, or a tokenizer) to count with",
      suggestions: [],
    });
    expect(await refusal({ maxMessageTokens: 10 }, { model: "my-azure-deployment", messages })).toMatchObject(
      {
        message: "a token budget needs a model (or an encoding, or a tokenizer) to count with",
      },
    );
    // A model that is not a string names none, even one that reads as a known name (["gpt-4o"]):
    // in a request body, and in a record that holds no messages.
    for (const input of [
      { model: ["gpt-4o"], messages },
      { model: ["gpt-4o"], prompt: "x" },
    ]) {
      expect(await refusal({ maxPromptTokens: 10 }, input)).toMatchObject({
        message: "a token budget needs a model (or an encoding, or a tokenizer) to count with",
      });
    }
    const own = await validate({ model: "gpt-4o", messages }, { maxPromptTokens: 10 });
    expect(own.count?.model).toBe("gpt-4o");
    const encoded = await validate(messages, { encoding: "cl100k_base", maxPromptTokens: 10 });
    expect(encoded.count?.encoding).toBe("cl100k_base");
  });
});

describe("validateSync's options", () => {
  it("refuses to count without a tokenizer: a model, an encoding or either budget", () => {
    const words =
      "counting needs a tokenizer: pass tokenizer (await tokenizerFor({ model })), or use validate";
    for (const options of [
      { model: "gpt-4o" },
      { encoding: "o200k_base" },
      { maxPromptTokens: 5 },
      { maxMessageTokens: 5 },
    ] as const) {
      expect(() => validateSync(messages, options)).toThrow(
        expect.objectContaining({ code: "invalid-option" }),
      );
      expect(() => validateSync(messages, options)).toThrow(words);
    }
    expect(validateSync(messages).count).toBeUndefined();
  });

  it("counts with the tokenizer given, and with the request's own model", async () => {
    const tokenizer = await loadTokenizer("o200k_base");
    expect(validateSync({ model: "gpt-4o", messages }, { tokenizer }).count?.model).toBe("gpt-4o");
    expect(validateSync(messages, { tokenizer, maxPromptTokens: 1 }).count?.fits).toBe(false);
  });
});

describe("the words of these errors", () => {
  it("InvalidInputError: the first issue at its path, and how many more", () => {
    const issue = (path: string) => ({ code: "invalid-message" as const, path, message: "not a message" });
    expect(new InvalidInputError([issue("$[1]")]).message).toBe("$[1]: not a message");
    expect(new InvalidInputError([issue("$[1]"), issue("$[2]"), issue("$[4]")]).message).toBe(
      "$[1]: not a message (and 2 more)",
    );
    expect(new InvalidInputError([]).message).toBe("invalid input");
    expect(new InvalidInputError([]).code).toBe("invalid-input");
  });

  it("a ValidatorError has no suggestions unless given", () => {
    expect(new ValidatorError("invalid-option", "x").suggestions).toEqual([]);
  });

  it("an unknown rule said where it was met", () => {
    expect(unknownRuleMessage("nope")).toBe('unknown rule "nope"');
    expect(unknownRuleMessage("special-tokn", 'in "rules"')).toBe(
      'unknown rule "special-tokn" in "rules"; did you mean "special-token"?',
    );
  });

  it("a rule's level: the configured one, else the severity it was reported with, else its default", () => {
    expect(levelOf("special-token", { "special-token": "off" }, "error")).toBe("off");
    expect(levelOf("dialect-mismatch", undefined, "error")).toBe("error");
    expect(levelOf("dialect-mismatch", undefined, "warning")).toBe("warn");
    expect(levelOf("dialect-mismatch", undefined, "info")).toBe("warn");
    expect(levelOf("special-token", undefined)).toBe("error");
  });

  it("suggestions: nearest first, within half the name's length (at least 3 edits), three at most", () => {
    expect(closest("abcdefghij", ["abcdefwxyz"])).toEqual(["abcdefwxyz"]); // 4 edits, within 5
    expect(closest("abcdefghij", ["abcdvwxyzq"])).toEqual([]); // 6 edits
    expect(closest("abcdef", ["abcxyz"])).toEqual(["abcxyz"]); // 3 edits, the limit itself
    expect(closest("zzz", ["gpt-4o", "o1"])).toEqual(["o1"]);
    expect(closest("gpt", ["gpt-4o", "gpt-4", "gpt-3.5-turbo", "gpt-4.1"])).toHaveLength(3);
    expect(didYouMean([])).toBe("");
    expect(didYouMean(["a", "b"])).toBe('; did you mean "a", "b"?');
  });
});
