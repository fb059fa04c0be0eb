import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../../../scripts/fixtures.js";

// The CLI speaks in flags (--max-tokens), never in the library's option names (maxTokens).
// A config file's own keys are camelCase, so a line about the config may name them; so may a
// line about a template's schema of variables (maxTokens is a keyword of the user's .vars.json).
const LIBRARY_NAMES =
  /\b(maxTokens|maxPromptTokens|maxMessageTokens|maxExampleTokens|contextWindow|generationRole|addGenerationPrompt|continueFinalMessage|unknownKeys|contentSpecials|budget)\b/;

describe("CLI messages name flags, not library options", () => {
  const dir = join(FIXTURES, "cli");
  for (const name of readdirSync(dir)) {
    let stderr: string;
    try {
      stderr = readFileSync(join(dir, name, "expected.stderr"), "utf8");
    } catch {
      continue;
    }
    it(`cli/${name}: stderr names no library option`, () => {
      const lines = stderr
        .split("\n")
        .filter((line) => !/config|schema/i.test(line) && LIBRARY_NAMES.test(line));
      expect(lines, `fixture cli/${name}/expected.stderr`).toEqual([]);
    });
  }
});
