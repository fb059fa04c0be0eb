// Inputs that are not regular files, said by what they are (a block device, a socket, as input
// and as -o); a file over the longest text JavaScript holds (a sparse file: no disk used); stdin
// that arrives in pieces, a character split between two of them. In-process.
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { type Io, memoryIo } from "../src/io.js";

const work = mkdtempSync(join(tmpdir(), "chatml-input-kinds-"));
const socket = join(work, "s.json");
let server: Server;
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((done) => server.listen(socket, done));
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(work, { recursive: true, force: true });
});

async function chatml(args: string[], io = memoryIo({ cwd: work })) {
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const STREAM = "to read a stream, pipe it to chatml and name the input - (stdin)";

describe("an input that is no regular file", () => {
  it("a socket: said so, exit 2", async () => {
    expect(await chatml(["compile", "s.json"])).toEqual({
      code: 2,
      out: "",
      err: `chatml: cannot read s.json: it is a socket, not a regular file; ${STREAM}\n`,
    });
  });

  it.runIf(existsSync("/dev/loop0"))("a block device: said so, exit 2", async () => {
    expect(await chatml(["parse", "/dev/loop0"])).toEqual({
      code: 2,
      out: "",
      err: `chatml: cannot read /dev/loop0: it is a block device, not a regular file; ${STREAM}\n`,
    });
  });

  it("-o a socket: refused, and nothing written", async () => {
    writeFileSync(join(work, "m.json"), JSON.stringify([{ role: "user", content: "Hi" }]));
    expect(await chatml(["compile", "m.json", "-o", "s.json"])).toEqual({
      code: 2,
      out: "",
      err: "chatml: cannot write s.json: it is a socket\n",
    });
  });
});

describe("a file larger than chatml can hold", () => {
  it("says the most it holds, not a --max-file-size that cannot be given", async () => {
    const big = join(work, "big.json");
    writeFileSync(big, "");
    truncateSync(big, 600 * 2 ** 20);
    const { code, err } = await chatml(["compile", "big.json"]);
    expect(code).toBe(2);
    expect(err).toBe(
      "chatml: cannot read big.json: it is 600 MiB (629145600 bytes), over the 256 MiB limit; chatml holds at most 512 MiB of one input (the longest text JavaScript holds)\n",
    );
  });
});

describe("stdin in pieces", () => {
  it("is read whole: a character split between two pieces is one character", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify([{ role: "user", content: "Zürich" }]));
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of ü
    const io: Io & { out(): string; err(): string } = {
      ...memoryIo({ cwd: work }),
      stdin: async function* () {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      },
    };
    expect(await chatml(["compile", "-"], io)).toEqual({
      code: 0,
      out: "<|im_start|>user\nZürich<|im_end|>\n<|im_start|>assistant\n",
      err: "",
    });
  });
});
