import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";

// lint's notes about files a walk skips quote names anyone can choose (issue 9 item 3).
const work = mkdtempSync(join(tmpdir(), "chatml-file-notes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("lint: a skipped file's note", () => {
  it("shows the link's name and target with terminal controls escaped", async () => {
    const root = mkdtempSync(join(work, "walk-"));
    mkdirSync(join(root, "prompts"));
    writeFileSync(join(root, "prompts/ok.chatml"), "<|im_start|>user\nhi<|im_end|>\n");
    // A target that clears the line and sets the window title, and a name that turns text red.
    symlinkSync("/tmp/\u001b[2K\u001b]0;pwned\u0007x", join(root, "prompts/gone.chatml"));
    symlinkSync("../\u001b[31mred", join(root, "prompts/le\u001b[31mak.chatml"));
    writeFileSync(join(root, "\u001b[31mred"), "outside\n");
    const io = memoryIo({ cwd: root });
    await runCli(["lint", "prompts", "-f", "json"], io);
    expect(io.err()).toBe(
      [
        "chatml: skipped prompts/gone.chatml: a symbolic link to /tmp/\\u{1B}[2K\\u{1B}]0;pwned\\u{7}x, which does not exist",
        "chatml: skipped prompts/le\\u{1B}[31mak.chatml: a symbolic link to ../\\u{1B}[31mred, outside prompts",
        "",
      ].join("\n"),
    );
    expect(io.err()).not.toContain("\u001b");
  });
});
