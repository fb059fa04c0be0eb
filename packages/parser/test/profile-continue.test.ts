// Continuing the final message, for every profile and every role it can end with: the text is
// the full transcript cut right after that message's content (Qwen3's reasoning too), so a model
// goes on writing it. And an empty tool list is no tools. Found by mutation testing: the
// profiles' `index === last` and `tools.length > 0` decisions were each tested on one case.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChatMLCompileError, compile, PROFILE_NAMES, type ProfileName, profileInfo } from "../src/index.js";

const tools = [
  {
    type: "function",
    function: { name: "f", description: "d", parameters: { type: "object", properties: {} } },
  },
];
const ROLES: Record<string, readonly string[]> = { "phi-4": ["system", "user", "assistant"] };
const roles = (profile: ProfileName) => ROLES[profile] ?? ["system", "user", "assistant"];

/** A conversation that ends with `role` (a system message only when it is the only one). */
const conversation = (role: string, size: number, end: string) => {
  if (role === "system") return [{ role: "system", content: end }];
  const turns = Array.from({ length: size }, (_, i) => ({
    role: i % 2 === (role === "user" ? size - 1 : size) % 2 ? "user" : "assistant",
    content: `turn ${i}`,
  }));
  return [{ role: "system", content: "Be brief." }, ...turns.slice(0, -1), { role, content: end }].filter(
    (m, i, all) => !(i > 0 && m.role === all[i - 1]?.role && m.role !== "system"),
  );
};

describe("continueFinalMessage with every profile", () => {
  it("is the transcript cut after the final message's content, with and without tools", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROFILE_NAMES),
        fc.nat({ max: 4 }),
        fc.boolean(),
        fc.constantFrom("Sure, the answer is", "x"),
        (profile, size, withTools, end) => {
          for (const role of roles(profile)) {
            const messages = conversation(role, size + 1, end);
            const input = withTools && profileInfo(profile)?.tools === true ? { messages, tools } : messages;
            const full = compile(input as never, { profile, addGenerationPrompt: false });
            const cut = compile(input as never, { profile, continueFinalMessage: true });
            expect(full.startsWith(cut), `${profile} ${role}`).toBe(true);
            expect(cut.endsWith(end), `${profile} ${role}`).toBe(true);
            expect(cut.length, `${profile} ${role}`).toBe(full.lastIndexOf(end) + end.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a final tool result is cut after its content too; a final message that calls tools is refused", () => {
    const call = { id: "a", type: "function", function: { name: "f", arguments: "{}" } };
    const messages = [
      { role: "user", content: "q" },
      { role: "assistant", content: "", tool_calls: [call] },
      { role: "tool", tool_call_id: "a", content: "RESULT" },
    ];
    for (const profile of PROFILE_NAMES.filter((name) => profileInfo(name)?.tools === true)) {
      const full = compile(messages as never, { profile, addGenerationPrompt: false });
      const cut = compile(messages as never, { profile, continueFinalMessage: true });
      expect(full.startsWith(cut), profile).toBe(true);
      expect(cut.endsWith("RESULT"), profile).toBe(true);
      expect(
        () => compile(messages.slice(0, 2) as never, { profile, continueFinalMessage: true }),
        profile,
      ).toThrow("continueFinalMessage: the final message calls tools");
    }
  });

  it("qwen3: continuing the reasoning cuts after it", () => {
    const messages = [
      { role: "user", content: "q" },
      { role: "assistant", reasoning_content: "Let me think", content: "" },
    ];
    const cut = compile(messages as never, { profile: "qwen3", continueFinalMessage: "reasoning" });
    expect(cut.endsWith("<|im_start|>assistant\n<think>\nLet me think")).toBe(true);
  });

  it("qwen3: there is no reasoning to continue where the template writes none (no query before it)", () => {
    const alone = [{ role: "assistant", reasoning_content: "Let me think", content: "" }];
    let thrown: unknown;
    try {
      compile(alone as never, { profile: "qwen3", continueFinalMessage: "reasoning" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ChatMLCompileError);
    expect((thrown as ChatMLCompileError).issues).toStrictEqual([
      {
        code: "invalid-option",
        message:
          'continueFinalMessage "reasoning": the qwen3 template writes no reasoning block for the final message here (it keeps reasoning only after the last user query)',
        path: "options",
      },
    ]);
  });

  it("qwen2.5 and qwen3: a lone system message continued with tools is cut after its own text, as transformers cuts", () => {
    // transformers cuts after the final message's content; the tools block the template adds is not it.
    // The property above meets this case only by chance.
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
    const system = { role: "system", content: "Be brief." };
    for (const profile of ["qwen2.5", "qwen3"] as const) {
      for (const list of [tools, undefined]) {
        const input = list === undefined ? [system] : { messages: [system], tools: list };
        expect(compile(input as never, { profile, continueFinalMessage: true }), profile).toBe(
          "<|im_start|>system\nBe brief.",
        );
      }
    }
  });

  it("continuing reasoning with no message at all is that option's one problem", () => {
    expect(() => compile([], { profile: "qwen3", continueFinalMessage: "reasoning" })).toThrow(
      expect.objectContaining({
        issues: [
          {
            code: "invalid-option",
            message: "continueFinalMessage needs at least one message to continue",
            path: "options",
          },
        ],
      }),
    );
  });

  it("an empty role is the reader's problem once, not also a role the profile does not write", () => {
    expect(() => compile([{ role: "", content: "x" }], { profile: "qwen3" })).toThrow(
      expect.objectContaining({
        issues: [
          {
            code: "invalid-role",
            message: "role must be a non-empty string",
            path: "$[0].role",
            messageIndex: 0,
            field: "role",
          },
        ],
      }),
    );
  });

  it("continuing reasoning asks for an assistant's, whatever the final message's role", () => {
    for (const role of ["user", "system"]) {
      const messages = [
        { role: "user", content: "q" },
        { role, content: "x" },
      ];
      expect(() =>
        compile(messages as never, { profile: "qwen3", continueFinalMessage: "reasoning" }),
      ).toThrow(
        `continueFinalMessage "reasoning" continues an assistant's reasoning; the final message is "${role}"`,
      );
    }
  });
});

describe("an empty tool list", () => {
  // Hermes ships two templates, and transformers takes tool_use whenever `tools` is given, empty or not.
  it.each(PROFILE_NAMES.filter((name) => name !== "hermes"))("%s: writes what no tools writes", (profile) => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "q" },
    ];
    for (const list of [messages, messages.slice(1)]) {
      expect(compile({ messages: list, tools: [] } as never, { profile })).toBe(
        compile(list as never, { profile }),
      );
    }
  });
});

describe("hermes with an empty tool list", () => {
  it("writes its tool_use prompt, as transformers picks that template for any tools given", () => {
    const list = [{ role: "user", content: "q" }];
    expect(compile({ messages: list, tools: [] } as never, { profile: "hermes" })).toMatch(
      /^<\|im_start\|>system\nYou are a function calling AI model/,
    );
  });
});
