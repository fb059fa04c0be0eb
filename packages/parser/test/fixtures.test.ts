import { describe, expect, it } from "vitest";
import { fixtureCases } from "../../../scripts/fixtures.js";
import {
  ChatMLCompileError,
  type CompileOptions,
  compile,
  type ParseOptions,
  parse,
  source,
} from "../src/index.js";

/** The document as fixtures store it: spans kept, diagnostics with positions. */
function snapshot(text: string, options: ParseOptions) {
  const result = parse(text, options);
  const { messages, addGenerationPrompt, continueFinalMessage, generationRole, dialect, diagnostics } =
    result;
  return {
    result,
    json: {
      dialect,
      addGenerationPrompt,
      continueFinalMessage,
      ...(generationRole !== undefined && { generationRole }),
      messages,
      diagnostics: diagnostics.map((d) => JSON.parse(JSON.stringify(d))),
    },
  };
}

for (const kind of ["valid", "invalid"] as const) {
  describe(`parse fixtures: ${kind}`, () => {
    for (const fixture of fixtureCases(`parse/${kind}`)) {
      it(fixture.name, () => {
        const input = fixture.text("input.chatml");
        const options = fixture.has("options.json") ? fixture.json<ParseOptions>("options.json") : {};
        const { result, json } = snapshot(input, options);
        expect(source(result), `fixture ${fixture.name}: source() must give back the input`).toBe(input);
        if (kind === "valid") {
          expect(result.diagnostics, `fixture ${fixture.name} is valid`).toEqual([]);
        } else {
          expect(result.diagnostics.length, `fixture ${fixture.name} must be diagnosed`).toBeGreaterThan(0);
        }
        fixture.goldenJson("expected.json", json);
      });
    }
  });
}

describe("compile fixtures", () => {
  for (const fixture of fixtureCases("compile")) {
    it(fixture.name, () => {
      const input = fixture.json("messages.json");
      const options = fixture.has("options.json") ? fixture.json<CompileOptions>("options.json") : {};
      const shouldFail = fixture.name.startsWith("compile/error-");
      let text: string | undefined;
      let error: unknown;
      try {
        text = compile(input as never, options);
      } catch (e) {
        error = e;
      }
      if (shouldFail) {
        expect(error, `fixture ${fixture.name} must be refused`).toBeInstanceOf(ChatMLCompileError);
        fixture.goldenJson("expected-error.json", (error as ChatMLCompileError).issues);
        return;
      }
      expect(error, `fixture ${fixture.name} must compile`).toBeUndefined();
      fixture.golden("expected.chatml", text as string);
      // What compile writes, parse reads back cleanly.
      const back = parse(text as string, { dialect: options.dialect ?? "chatml" });
      expect(back.diagnostics, `fixture ${fixture.name}: parse of the output`).toEqual([]);
    });
  }
});
