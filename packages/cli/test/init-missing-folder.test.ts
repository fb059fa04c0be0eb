// chatml init where the working directory is gone: it cannot write the config, says why, exit 2.

import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

describe("chatml init in a folder that does not exist", () => {
  it("is exit 2: the config cannot be written, and why", async () => {
    const io = memoryIo({ cwd: join(tmpdir(), "chatml-init-gone", "sub") });
    expect(await runCli(["init"], io)).toBe(2);
    expect(io.out()).toBe("");
    expect(io.err()).toBe("chatml: cannot write chatml.config.json: its folder does not exist\n");
  });
});
