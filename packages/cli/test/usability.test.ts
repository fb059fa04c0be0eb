// What a person meets first: help, version, colours, a command waiting on stdin, a file of an
// unknown kind, a flag conflict. Run in-process (runCli with a memory Io).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";
import { colorFromEnv, useColor } from "../src/output/color.js";
import { VERSION } from "../src/version.js";

const work = mkdtempSync(join(tmpdir(), "chatml-usability-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MESSAGES = JSON.stringify([{ role: "user", content: "Hi" }]);
writeFileSync(join(work, "messages.json"), MESSAGES);
writeFileSync(join(work, "messages.md"), MESSAGES);
writeFileSync(join(work, "prompt"), "<|im_start|>user\nHi<|im_end|>\n");
writeFileSync(join(work, "bad.chatml"), "<|im_start|>user\nHi <|im_start|>assistant\n");

async function chatml(
  args: string[],
  options: { env?: Record<string, string>; tty?: boolean; stdinTty?: boolean; stdin?: string } = {},
) {
  const io = memoryIo({ cwd: work, ...options });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const COMMANDS = ["compile", "parse", "count", "fit", "lint", "rules", "init", "playground"];

describe("help", () => {
  for (const command of COMMANDS) {
    it(`chatml help ${command} is chatml ${command} --help`, async () => {
      const help = await chatml(["help", command]);
      expect(help).toEqual({ ...(await chatml([command, "--help"])), code: 0 });
      expect(help.out).toContain(`chatml ${command}`);
    });

    it(`every option of ${command} says what it does`, async () => {
      const { out } = await chatml([command, "--help"]);
      // An option line whose flags are followed at once by its [type]/[choices] has no text.
      const bare = out.split("\n").filter((line) => /^\s+(-\w, )?--[\w-]+\s+\[/.test(line));
      expect(bare).toEqual([]);
    });
  }

  it("chatml help is chatml --help; an unknown command is a usage error naming the commands", async () => {
    expect(await chatml(["help"])).toEqual(await chatml(["--help"]));
    const unknown = await chatml(["help", "frob"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'help: unknown command "frob"; the commands are compile, parse, count, fit, lint, rules, init, playground',
    );
  });

  it("lint's paths show no default, and lint without one (and without --print-config) is a usage error", async () => {
    const { out } = await chatml(["lint", "--help"]);
    const paths = out.split("\n").find((line) => /^\s+paths\s/.test(line));
    expect(paths).not.toContain("default");
    expect(await chatml(["lint"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^chatml: lint needs a path/),
    });
  });

  it("-v is --version", async () => {
    expect(await chatml(["-v"])).toEqual({ code: 0, out: `${VERSION}\n`, err: "" });
    expect(await chatml(["--version"])).toEqual(await chatml(["-v"]));
  });
});

describe("colours follow --color, FORCE_COLOR, NO_COLOR, then the terminal", () => {
  const ESC = "\u001b[";
  const lint = (env: Record<string, string>, tty: boolean, flags: string[] = []) =>
    chatml(["lint", "bad.chatml", ...flags], { env, tty }).then((r) => r.out.includes(ESC));

  it("FORCE_COLOR=1 colours a pipe; FORCE_COLOR=0 and false do not colour a terminal", async () => {
    expect(await lint({}, false)).toBe(false);
    expect(await lint({}, true)).toBe(true);
    expect(await lint({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(await lint({ FORCE_COLOR: "" }, false)).toBe(true);
    expect(await lint({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(await lint({ FORCE_COLOR: "false" }, true)).toBe(false);
  });

  it("NO_COLOR turns colour off unless FORCE_COLOR says on; --color and --no-color win over both", async () => {
    expect(await lint({ NO_COLOR: "1" }, true)).toBe(false);
    expect(await lint({ NO_COLOR: "" }, true)).toBe(true);
    expect(await lint({ NO_COLOR: "1", FORCE_COLOR: "1" }, false)).toBe(true);
    expect(await lint({ FORCE_COLOR: "1" }, true, ["--no-color"])).toBe(false);
    expect(await lint({ FORCE_COLOR: "0" }, false, ["--color"])).toBe(true);
  });

  it("colorFromEnv and useColor, as documented", () => {
    expect(colorFromEnv({})).toBeUndefined();
    expect(colorFromEnv({ FORCE_COLOR: "3" })).toBe(true);
    expect(colorFromEnv({ FORCE_COLOR: "FALSE" })).toBe(false);
    expect(colorFromEnv({ NO_COLOR: "yes" })).toBe(false);
    expect(useColor(undefined, {}, true)).toBe(true);
    expect(useColor(false, { FORCE_COLOR: "1" }, true)).toBe(false);
  });
});

describe("reading stdin from a terminal says so", () => {
  for (const command of ["compile", "parse", "count"]) {
    it(`chatml ${command} on a terminal`, async () => {
      const input = command === "parse" ? "<|im_start|>user\nHi<|im_end|>\n" : MESSAGES;
      const extra = command === "count" ? ["--model", "gpt-4o"] : [];
      const said =
        "chatml: reading stdin from the terminal; end it with Ctrl-D, or name a file (chatml help)\n";
      const onTerminal = await chatml([command, ...extra], { stdin: input, stdinTty: true });
      expect(onTerminal.err).toBe(said);
      expect(onTerminal.code).toBe(0);
      const piped = await chatml([command, ...extra], { stdin: input });
      expect(piped.err).toBe("");
      expect(piped.out).toBe(onTerminal.out);
    });
  }
});

describe("a file whose extension says no kind", () => {
  it("is read as the command's kind, and the note says which and how to choose", async () => {
    const compiled = await chatml(["compile", "messages.md"]);
    expect(compiled.code).toBe(0);
    expect(compiled.err).toBe(
      "note: messages.md: its extension says no kind; read as messages JSON (--kind transcript, json or jsonl to choose)\n",
    );
    const parsed = await chatml(["parse", "prompt"]);
    expect(parsed.code).toBe(0);
    expect(parsed.err).toContain("note: prompt: its extension says no kind; read as a ChatML transcript");
    // count and lint: once for each file named, none for a walked one (a walk picks by extension)
    const counted = await chatml(["count", "prompt", "messages.md", "--model", "gpt-4o"]);
    expect(counted.code).toBe(0);
    expect(counted.err).toBe(
      "note: prompt: its extension says no kind; read as a ChatML transcript (--kind transcript, json or jsonl to choose)\n" +
        "note: messages.md: its extension says no kind; read as a ChatML transcript (--kind transcript, json or jsonl to choose)\n",
    );
    const linted = await chatml(["lint", "prompt", "bad.chatml"]);
    expect(linted.code).toBe(1);
    expect(linted.err).toBe(
      "note: prompt: its extension says no kind; read as a ChatML transcript (--kind transcript, json or jsonl to choose)\n",
    );
    expect((await chatml(["lint", "prompt", "--quiet"])).err).toBe("");
  });

  it("says nothing for a known extension or with --kind", async () => {
    expect((await chatml(["compile", "messages.json"])).err).toBe("");
    expect((await chatml(["compile", "messages.md", "--kind", "json"])).err).toBe("");
    expect((await chatml(["lint", "prompt", "--kind", "transcript"])).err).toBe("");
    expect((await chatml(["count", "messages.md", "--kind", "json", "--model", "gpt-4o"])).err).toBe("");
    expect((await chatml(["compile", "-", "--stdin-filename", "x.json"], { stdin: MESSAGES })).err).toBe("");
  });
});

describe("a flag conflict is a usage error", () => {
  it("compile --continue-final-message --generation-prompt: exit 2, naming both flags, before reading", async () => {
    const result = await chatml([
      "compile",
      "missing.json",
      "--continue-final-message",
      "--generation-prompt",
    ]);
    expect(result).toEqual({
      code: 2,
      out: "",
      err: "chatml: --continue-final-message and --generation-prompt cannot both be given: a continued final message is left open, with no assistant header after it\n",
    });
    const fine = await chatml([
      "compile",
      "messages.json",
      "--continue-final-message",
      "--no-generation-prompt",
    ]);
    expect(fine.code).toBe(0);
  });
});
