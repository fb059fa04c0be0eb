import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../src/errors.js";
import { type Io, memoryIo, runCli } from "../src/index.js";
import { writeOutput } from "../src/output/write.js";

// -o with text made piece by piece (issue 9 item 4): each piece reaches the temporary file as it
// is written, so a long report is never held whole; the rename at the end stays atomic.
const work = mkdtempSync(join(tmpdir(), "chatml-output-stream-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const folder = (name: string) => mkdtempSync(join(work, `${name}-`));
const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("writeOutput with text made piece by piece", () => {
  it("writes each piece to the temporary file at once, then renames it over the output", async () => {
    const dir = folder("pieces");
    writeFileSync(join(dir, "out.txt"), "OLD");
    const seen: string[] = [];
    await writeOutput(
      memoryIo({ cwd: dir }),
      async (write) => {
        write("first ");
        const [temporary] = temporaries(dir);
        seen.push(
          readFileSync(join(dir, temporary as string), "utf8"),
          readFileSync(join(dir, "out.txt"), "utf8"),
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
        write("second é");
      },
      "out.txt",
      [],
    );
    expect(seen).toEqual(["first ", "OLD"]);
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("first second é");
    expect(temporaries(dir)).toEqual([]);
  });

  it("throws what the maker threw as it is, and keeps the old file", async () => {
    const dir = folder("maker-fails");
    writeFileSync(join(dir, "out.txt"), "OLD");
    const boom = new Error("boom");
    const made = writeOutput(
      memoryIo({ cwd: dir }),
      async (write) => {
        write("half a report");
        throw boom;
      },
      "out.txt",
      [],
    );
    await expect(made).rejects.toBe(boom);
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe("OLD");
    expect(temporaries(dir)).toEqual([]);
  });

  it("reports a failure to write as such, even when the maker catches it", async () => {
    const made = writeOutput(
      memoryIo({ cwd: work }),
      async (write) => {
        try {
          write("x".repeat(100_000));
        } catch {
          // a reporter that swallows errors
        }
      },
      "/dev/full",
      [],
    );
    await expect(made).rejects.toThrow(CliError);
    await expect(made).rejects.toThrow(/^cannot write \/dev\/full: no space left on the device$/);
  });

  it("writes to stdout piece by piece without -o", async () => {
    const io = memoryIo({ cwd: work });
    await writeOutput(
      io,
      async (write) => {
        write("a");
        write("b");
      },
      undefined,
      [],
    );
    expect(io.out()).toBe("ab");
  });
});

describe("lint -o", () => {
  it("has written the report of the files linted so far while it reads the next", async () => {
    const dir = folder("lint");
    writeFileSync(join(dir, "a.chatml"), "<|im_start|>user\nhi <|im_end|> there<|im_end|>\n");
    writeFileSync(join(dir, "report.json"), "OLD");
    let during = "";
    let cleanup: (() => void) | undefined;
    let guarded = false;
    const io: Io = {
      ...memoryIo({ cwd: dir }),
      // A signal's handler is there while the temporary file is.
      onInterrupt(handler) {
        cleanup = handler;
        return () => {
          cleanup = undefined;
        };
      },
      // stdin, the second input, is read after a.chatml is reported: look at the file then.
      stdin: async function* () {
        const [temporary] = temporaries(dir);
        during = temporary === undefined ? "" : readFileSync(join(dir, temporary), "utf8");
        guarded = cleanup !== undefined;
        yield new TextEncoder().encode("<|im_start|>user\nfine<|im_end|>\n");
      },
    };
    const code = await runCli(
      ["lint", "a.chatml", "-", "-f", "json", "--jobs", "1", "-o", "report.json"],
      io,
    );
    expect(code).toBe(1);
    expect(during).toContain(`"filePath":"${join(dir, "a.chatml")}"`);
    expect(during).not.toContain("<stdin>");
    expect({ guarded, after: cleanup }).toEqual({ guarded: true, after: undefined });
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { filePath: string }[];
    expect(report.map((r) => r.filePath)).toEqual([join(dir, "a.chatml"), "<stdin>"]);
    expect(temporaries(dir)).toEqual([]);
  });

  it("keeps the old report and leaves no temporary file when -o names a folder", async () => {
    const dir = folder("lint-folder");
    writeFileSync(join(dir, "a.chatml"), "<|im_start|>user\nhi<|im_end|>\n");
    const io = memoryIo({ cwd: dir });
    expect(await runCli(["lint", "a.chatml", "-o", "."], io)).toBe(2);
    expect(io.err()).toBe("chatml: cannot write .: it is a directory\n");
    expect(temporaries(dir)).toEqual([]);
  });
});
