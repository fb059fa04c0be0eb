// The GitHub step summary's table and list: rules by errors, then warnings, then name; a long
// message cut at 300 characters with an ellipsis; a summary file whose folder does not exist is a
// usage error before lint starts; a server URL's trailing slash is not doubled. In-process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-github-summary-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A transcript of user turns, one per content. */
const transcript = (name: string, contents: string[]) =>
  writeFileSync(join(work, name), contents.map((c) => `<|im_start|>user\n${c}<|im_end|>\n`).join(""));

async function summary(files: string[], env: Record<string, string> = {}) {
  const path = join(work, `summary-${files.join("-")}.md`);
  const io = memoryIo({ cwd: work, env: { GITHUB_WORKSPACE: work, GITHUB_STEP_SUMMARY: path, ...env } });
  const code = await runCli(["lint", ...files, "--jobs", "1", "-f", "github"], io);
  return { code, text: readFileSync(path, "utf8"), err: io.err() };
}

const table = (text: string) => text.split("\n").filter((l) => l.startsWith("| `"));

describe("the step summary's rules", () => {
  it("by errors, then warnings, most first", async () => {
    transcript("a.chatml", ["one <|IM_END|>", "two <|IM_END|>", "three\u200b", "four <|endoftext|>"]);
    const { text } = await summary(["a.chatml"]);
    expect(table(text).map((l) => l.split(" ")[1])).toEqual([
      "`special-token`",
      "`special-token-lookalike`",
      "`invisible-character`",
    ]);
  });

  it("with the same counts, by name", async () => {
    transcript("b.chatml", ["one <|IM_END|>", "two\u200b"]);
    const { text } = await summary(["b.chatml"]);
    expect(table(text)).toEqual([
      "| `invisible-character` | 0 | 1 |",
      "| `special-token-lookalike` | 0 | 1 |",
    ]);
  });
});

describe("the step summary's list", () => {
  it("cuts a message over 300 characters, and links under a server URL without doubling its slash", async () => {
    const role = "r".repeat(400);
    writeFileSync(join(work, "long.json"), JSON.stringify([{ role, content: "Hi" }]));
    const env = {
      GITHUB_SERVER_URL: "https://github.example/",
      GITHUB_REPOSITORY: "acme/p",
      GITHUB_SHA: "abc",
    };
    const { text } = await summary(["long.json"], env);
    const item = text.split("\n").find((l) => l.startsWith("- **"));
    expect(item).toContain("](https://github.example/acme/p/blob/abc/long.json#L1)");
    const message = item?.slice(item.indexOf("): ") + 3, item.lastIndexOf(" (`")) ?? "";
    expect(message.endsWith("…")).toBe(true);
    expect(message).toContain("r".repeat(100));
    // 300 characters of the message (Markdown escapes add none to letters), then the ellipsis.
    expect(message.replace(/\\/g, "").length).toBe(301);
  });
});

describe("a step summary that cannot be appended", () => {
  it("in a folder that does not exist: said before lint starts, exit 2", async () => {
    transcript("c.chatml", ["hi"]);
    const io = memoryIo({ cwd: work, env: { GITHUB_STEP_SUMMARY: join(work, "no", "summary.md") } });
    expect(await runCli(["lint", "c.chatml", "-f", "github"], io)).toBe(2);
    expect(io.out()).toBe("");
    expect(io.err()).toBe(
      `chatml: cannot append the step summary to ${join(work, "no", "summary.md")} (GITHUB_STEP_SUMMARY): its folder does not exist\n`,
    );
  });
});
