// The parser's never-throw properties on any input (the fuzz campaign, `pnpm fuzz`; small and
// seeded in the normal run). Round trips and stream splits are in properties.test.ts and
// profile-stream.test.ts, at the same FUZZ_RUNS.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ChatMLCompileError,
  type CompileInput,
  compile,
  compileToSegments,
  PROFILE_NAMES,
  parse,
  readChatInput,
  source,
  tryCompile,
} from "../src/index.js";
import { anyInput, anyText, fuzzRuns, output } from "./arbitraries.js";

const profile = fc.option(fc.constantFrom(...PROFILE_NAMES), { nil: undefined });

describe("fuzz: the parser never throws", () => {
  it("parse, with any profile, on any string: source() gives it back, every place is in it", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, output), profile, (text, profile) => {
        const result = parse(text, profile === undefined ? {} : { profile });
        expect(source(result)).toBe(text);
        for (const d of result.diagnostics)
          expect(0 <= d.start && d.start <= d.end && d.end <= text.length).toBe(true);
      }),
      fuzzRuns(2000),
    );
  });

  it("compile, tryCompile and compileToSegments throw nothing but ChatMLCompileError on any value", () => {
    fc.assert(
      fc.property(anyInput, profile, (input, profile) => {
        const options = profile === undefined ? {} : { profile };
        const tried = tryCompile(input as CompileInput, options);
        let text: string | undefined;
        try {
          text = compile(input as CompileInput, options);
        } catch (error) {
          if (!(error instanceof ChatMLCompileError)) throw error;
          expect(error.issues.length).toBeGreaterThan(0);
        }
        expect(tried.ok ? tried.text : undefined).toBe(text);
        try {
          const joined = compileToSegments(input as CompileInput, options)
            .map((s) => (typeof s === "string" ? s : s.token))
            .join("");
          expect(joined).toBe(text);
        } catch (error) {
          if (!(error instanceof ChatMLCompileError)) throw error;
        }
      }),
      fuzzRuns(2000),
    );
  });

  it("readChatInput on any value: plain data, a shape, issues only when it is not messages", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const read = readChatInput(input);
        expect(["array", "body", "none"]).toContain(read.shape);
        if (read.shape === "none") expect(read.issues.length).toBeGreaterThan(0);
        expect(Array.isArray(read.list)).toBe(true);
      }),
      fuzzRuns(2000),
    );
  });
});
