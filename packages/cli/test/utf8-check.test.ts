// Where a file stops being UTF-8 (input/encoding.ts): each kind of bad sequence at its first
// byte, agreeing with the platform's strict decoder; and UTF-16 files (BE, and a LE dataset) named as such.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { firstBadByte } from "../src/input/encoding.js";
import { memoryIo } from "../src/io.js";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const decodes = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe("firstBadByte", () => {
  const ok = [0x61];
  it.each([
    ["ASCII, 2-, 3- and 4-byte characters", [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], 10],
    ["a byte no sequence starts with (0x80)", [...ok, 0x80], 1],
    ["an overlong 2-byte lead (0xc0)", [...ok, 0xc0, 0x80], 1],
    ["a lead past U+10FFFF (0xf5)", [...ok, 0xf5, 0x80, 0x80, 0x80], 1],
    ["a lead at the end, with no second byte", [...ok, 0xc3], 1],
    ["an overlong 3-byte form (0xe0 0x80)", [...ok, 0xe0, 0x80, 0x80], 1],
    ["the lowest 3-byte form after 0xe0 (0xa0)", [...ok, 0xe0, 0xa0, 0x80], 4],
    ["a surrogate (0xed 0xa0)", [...ok, 0xed, 0xa0, 0x80], 1],
    ["the last character before the surrogates (0xed 0x9f 0xbf)", [...ok, 0xed, 0x9f, 0xbf], 4],
    ["an overlong 4-byte form (0xf0 0x80)", [...ok, 0xf0, 0x80, 0x80, 0x80], 1],
    ["past U+10FFFF (0xf4 0x90)", [...ok, 0xf4, 0x90, 0x80, 0x80], 1],
    ["U+10FFFF itself", [...ok, 0xf4, 0x8f, 0xbf, 0xbf], 5],
    ["a third byte that is no continuation", [...ok, 0xe2, 0x82, 0x41], 1],
    ["a sequence cut short at the end", [...ok, 0xf0, 0x9f, 0x98], 1],
    ["a second byte past the continuation range", [...ok, 0xc3, 0xc0], 1],
  ])("%s", (_what, list, at) => {
    const bytes = Uint8Array.from(list);
    expect(firstBadByte(bytes)).toBe(at);
    // As the strict decoder reads it: all that comes before is UTF-8, and the whole is not unless at the end.
    expect(decodes(bytes.subarray(0, at))).toBe(true);
    expect(decodes(bytes)).toBe(at === bytes.length);
  });
});

describe("a UTF-16 file", () => {
  const work = mkdtempSync(join(tmpdir(), "chatml-utf8-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is named as UTF-16BE by its byte order mark, exit 1, at 1:1", async () => {
    const text = '[{"role":"user","content":"Hi"}]';
    const bytes = Buffer.alloc(2 + text.length * 2);
    bytes[0] = 0xfe;
    bytes[1] = 0xff;
    for (let i = 0; i < text.length; i++) bytes.writeUInt16BE(text.charCodeAt(i), 2 + i * 2);
    writeFileSync(join(work, "be.json"), bytes);
    const io = memoryIo({ cwd: work });
    expect(await runCli(["compile", "be.json"], io)).toBe(1);
    expect(io.out()).toBe("");
    expect(io.err()).toBe(
      "be.json:1:1: the file is UTF-16BE (it starts with a UTF-16 byte order mark); chatml reads UTF-8: save it as UTF-8\n",
    );
  });

  it("a UTF-16LE dataset is one invalid-encoding problem of the file, not one per line", async () => {
    const line = JSON.stringify({ messages: [{ role: "user", content: "Hi" }] });
    writeFileSync(join(work, "le.jsonl"), Buffer.from(`\ufeff${line}\n${line}\n${line}\n`, "utf16le"));
    const io = memoryIo({ cwd: work });
    expect(await runCli(["lint", "le.jsonl", "-f", "json"], io)).toBe(1);
    const [report] = JSON.parse(io.out()) as {
      messages: { ruleId: string; line: number; message: string }[];
    }[];
    expect(report?.messages).toEqual([
      expect.objectContaining({
        ruleId: "invalid-encoding",
        line: 1,
        message:
          "the file is UTF-16LE (it starts with a UTF-16 byte order mark); chatml reads UTF-8: save it as UTF-8",
      }),
    ]);
  });
});
