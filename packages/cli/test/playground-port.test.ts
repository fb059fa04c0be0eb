// chatml playground in-process on a port already taken: a usage error (exit 2) that says so and
// names the way out.
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { memoryIo } from "../src/io.js";

describe("chatml playground --port of a port in use", () => {
  it("is exit 2 with the port named", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const { port } = taken.address() as { port: number };
    try {
      const io = memoryIo({ cwd: tmpdir() });
      expect(await runCli(["playground", "--port", String(port)], io)).toBe(2);
      expect(io.out()).toBe("");
      expect(io.err()).toBe(
        `chatml: port ${port} is in use: choose another with --port (0 picks a free one)\n`,
      );
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});
