import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeLines, type LineChunk, linesOf, readLineChunks, readLines } from "../src/dataset/lines.js";
import { CliError } from "../src/errors.js";
import { memoryIo } from "../src/io.js";

// The dataset reader cuts a file into chunks of whole lines (256 KiB each) that workers decode.
const io = (stdin: string | Uint8Array) => memoryIo({ stdin, cwd: "/" });

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** What a reader that splits the whole text at once gives (readline's rule: `\r\n`, `\n`, lone `\r`). */
function reference(text: string) {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return text === "" ? [] : lines.map((line, i) => ({ number: i + 1, text: line }));
}

describe("readLines", () => {
  it("numbers lines across chunks the way a whole-text split does", async () => {
    // about 1.3 MB: several chunks, with CRLF, lone CR, blank lines and multi-byte characters near the cuts
    const parts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      parts.push(
        `{"n":${i},"t":"${"é漢😀".repeat(i % 17)}"}`,
        i % 5 === 0 ? "\r\n" : i % 7 === 0 ? "\r" : "\n",
      );
      if (i % 101 === 0) parts.push("\n");
    }
    const text = `\ufeff${parts.join("")}last line without a break`;
    expect(await all(readLines(io(text), "-", "data.jsonl"))).toEqual(reference(text));
    const chunks = await all(readLineChunks(io(text), "-"));
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.reduce((n, c) => n + c.bytes.length, 0)).toBe(new TextEncoder().encode(text).length);
  });

  it("keeps a line longer than a chunk whole", async () => {
    const long = "x".repeat(700_000);
    const text = `a\n${long}\nb\n${long}`;
    expect(await all(readLines(io(text), "-", "d.jsonl"))).toEqual(reference(text));
  });

  it("matches a whole-text split for any text", async () => {
    const piece = fc.constantFrom("a", "é", "😀", "\n", "\r", "\r\n", "\ufeff", " ");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), async (pieces) => {
        const text = pieces.join("");
        expect(await all(readLines(io(text), "-", "d.jsonl"))).toEqual(reference(text));
      }),
    );
  });

  it("names the line and the file offset of a byte that is not UTF-8, chunks apart", async () => {
    const head = new TextEncoder().encode(`${'{"a":1}\n'.repeat(40_000)}{"a":"`);
    const bytes = new Uint8Array([...head, 0xff, 0x22, 0x7d, 0x0a]);
    const error = await all(readLines(io(bytes), "-", "d.jsonl")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).format()).toBe(
      `d.jsonl:40001:7: not UTF-8: the byte at offset ${head.length} is not valid UTF-8`,
    );
  });

  it("decodes a chunk on its own, keeping a U+FEFF that does not start the file", () => {
    const chunk: LineChunk = { firstLine: 7, offset: 100, bytes: new TextEncoder().encode("\ufeffx\ny\n") };
    expect(linesOf(chunk, "d.jsonl")).toEqual([
      { number: 7, text: "\ufeffx" },
      { number: 8, text: "y" },
    ]);
  });
});

describe("decodeLines", () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  const chunkOf = (parts: (string | number[])[], firstLine = 1, offset = 0): LineChunk => ({
    firstLine,
    offset,
    bytes: new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...encode(p)] : p))),
  });

  it("keeps every line of a chunk with a bad byte, the bad one with its error at its line, column and file offset", () => {
    const chunk = chunkOf(['{"a":1}\r\n{"b":"caf', [0xe9], '"}\r{"c":3}\n\n'], 10, 1000);
    const lines = decodeLines(chunk, "d.jsonl");
    expect(lines.map((l) => ({ number: l.number, text: l.text }))).toEqual([
      { number: 10, text: '{"a":1}' },
      { number: 11, text: '{"b":"caf\ufffd"}' },
      { number: 12, text: '{"c":3}' },
      { number: 13, text: "" },
    ]);
    const bad = lines[1] as { notUtf8?: CliError };
    expect(bad.notUtf8?.format()).toBe(
      "d.jsonl:11:10: not UTF-8: the byte at offset 1018 is not valid UTF-8",
    );
    expect(lines.filter((l) => "notUtf8" in l)).toHaveLength(1);
    // linesOf, for callers that stop at the first bad line, throws that same error
    expect(() => linesOf(chunk, "d.jsonl")).toThrow(bad.notUtf8 as CliError);
  });

  it("splits line by line exactly as the whole-chunk decode does", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "é", "\n", "\r", "\r\n", "\ufeff", "x\u2028")), (parts) => {
        const text = parts.join("");
        const good = decodeLines(chunkOf([text]), "d.jsonl");
        // the same text with a bad byte at its end: the lines before it are the same
        const withBad = decodeLines(chunkOf([text, [0xff]]), "d.jsonl");
        expect(withBad.slice(0, good.length - 1)).toEqual(good.slice(0, -1));
      }),
    );
  });
});
