// chatml compile --profile and parse --profile list exactly the parser's profiles (kept literal in the CLI so
// that the parser is not imported at start-up).
import { PROFILE_NAMES } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";

describe("compile --profile and parse --profile", () => {
  it.each(["compile", "parse"])("%s offers every profile the parser has, and no other", async (command) => {
    const io = memoryIo({ cwd: process.cwd() });
    expect(await runCli([command, "--profile", "no-such-model", "-"], io)).toBe(2);
    const listed = /Choices: (.*)/.exec(io.err())?.[1] ?? "";
    expect(
      listed
        .split(", ")
        .map((c) => JSON.parse(c) as string)
        .sort(),
    ).toEqual([...PROFILE_NAMES].sort());
  });
});
