// --format's choices, as help lists them and as a wrong one is refused.
import { describe, expect, it } from "vitest";
import { FORMATS } from "../src/format/index.js";
import { memoryIo, runCli } from "../src/index.js";

describe("--format", () => {
  it("help lists every format", async () => {
    const io = memoryIo({ cwd: "/" });
    expect(await runCli(["lint", "--help"], io)).toBe(0);
    expect(FORMATS).toEqual(["stylish", "json", "sarif", "github", "gitlab", "junit"]);
    expect(io.out()).toContain('[choices: "stylish", "json", "sarif", "github", "gitlab", "junit"]');
  });

  it("a format that is not one is a usage error naming the choices, with no stack trace", async () => {
    const io = memoryIo({ cwd: "/" });
    expect(await runCli(["lint", "x.json", "-f", "xml"], io)).toBe(2);
    expect(io.err()).toContain(
      'Argument: format, Given: "xml", Choices: "stylish", "json", "sarif", "github", "gitlab", "junit"',
    );
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
