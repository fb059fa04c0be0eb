// The stream parser after issue 9 item 11: linear in its input however it is chunked, and
// otherwise the parser it was (the old one is kept in stream-oracle.ts as the reference).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStreamParser, IM_START, type StreamEvent, type StreamParserOptions } from "../src/index.js";
import { anyText, FRAGMENTS } from "./arbitraries.js";
import { createOracleStreamParser } from "./stream-oracle.js";

type Create = typeof createStreamParser;

/** Feeds `chunks` and returns what each call returned, then the text and `finished` after `end()`. */
function run(create: Create, chunks: readonly string[], options: StreamParserOptions) {
  const stream = create(options);
  const calls: StreamEvent[][] = chunks.map((chunk) => stream.write(chunk));
  calls.push(stream.end());
  return { calls, text: stream.text, finished: stream.finished };
}

/** `text` split at `cuts` (any numbers; taken modulo the length), or into pieces of `size`. */
function chunked(text: string, split: number[] | number): string[] {
  if (typeof split === "number") {
    return Array.from({ length: Math.ceil(text.length / split) }, (_, i) =>
      text.slice(i * split, (i + 1) * split),
    );
  }
  const at = split.map((c) => c % (text.length + 1)).sort((a, b) => a - b);
  return [...at, text.length].map((end, i) => text.slice(i === 0 ? 0 : at[i - 1], end));
}

/** Transcripts from token fragments, with words long enough that a header outlives a chunk. */
const transcript = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 1, arbitrary: fc.constantFrom("name=example_assistant", "x".repeat(30), "<|im_sep|>user") },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

const split = fc.oneof(fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 14 }));

const options: fc.Arbitrary<StreamParserOptions> = fc.record(
  {
    stopAtEnd: fc.boolean(),
    openRole: fc.constantFrom("assistant", "user", "tool name=x", ""),
  },
  { requiredKeys: ["stopAtEnd"] },
);

/** Events other than content, and each message's deltas joined. */
function contract(calls: StreamEvent[][]) {
  const events = calls.flat();
  const content: string[] = [];
  for (const e of events) if (e.type === "content") content[e.index] = (content[e.index] ?? "") + e.delta;
  return { structure: events.filter((e) => e.type !== "content"), content };
}

describe("createStreamParser, linear", () => {
  it("returns the old implementation's events, call by call, and its text, for every chunking", () => {
    fc.assert(
      fc.property(fc.oneof(transcript, anyText), split, options, (text, cuts, opts) => {
        const chunks = chunked(text, cuts);
        expect(run(createStreamParser, chunks, opts)).toEqual(run(createOracleStreamParser, chunks, opts));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the events of one write for any chunking: the same starts and ends, deltas joining to the same content", () => {
    fc.assert(
      fc.property(transcript, split, options, (text, cuts, opts) => {
        const whole = run(createStreamParser, [text], opts);
        const pieces = run(createStreamParser, chunked(text, cuts), opts);
        expect(contract(pieces.calls)).toEqual(contract(whole.calls));
        expect(pieces.text).toBe(whole.text);
      }),
      { numRuns: 2000 },
    );
  });

  // The denial-of-service shapes of issue 9 item 11. Counting the characters that searches
  // (String#indexOf, all the parser uses) look at measures the work without timing it: the old
  // code searched every needle from the start of the undecided text at every step, hundreds of
  // times the input here; a linear parser looks at each character a bounded number of times, plus
  // at most a token's length carried over from the last write.
  const SHAPES: Array<[string, string[]]> = [
    ["tiny messages in one write", ["<|im_start|>user\nx<|im_end|>\n".repeat(2000)]],
    [
      "tiny messages without newlines (chatml-sep) in one write",
      ["<|im_start|>user<|im_sep|>x<|im_end|>".repeat(2000)],
    ],
    ["repeated <|im_start|> in one write", ["<|im_start|>".repeat(4000)]],
    ["an unterminated header in 16-character chunks", chunked(`<|im_start|>${"a".repeat(64_000)}`, 16)],
    ["a header split into 1-character chunks", chunked(`<|im_start|>user ${"k=v ".repeat(4000)}\nhi`, 1)],
  ];
  it.each(SHAPES)(
    "searches look at each character a bounded number of times, however long the input: %s",
    (_, chunks) => {
      const length = chunks.reduce((sum, c) => sum + c.length, 0);
      const scanned = countScanned(() => run(createStreamParser, chunks, { stopAtEnd: false }));
      expect(scanned).toBeLessThan(8 * (length + IM_START.length * chunks.length));
    },
  );
});

/** Characters String#indexOf examined (from its start position to the match's end, or the string's end) while `fn` ran. */
function countScanned(fn: () => void): number {
  const indexOf = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, needle: string, from?: number) {
    const at = indexOf.call(this, needle, from);
    scanned += (at === -1 ? this.length : at + needle.length) - Math.max(0, Math.trunc(from ?? 0));
    return at;
  };
  try {
    fn();
  } finally {
    String.prototype.indexOf = indexOf;
  }
  return scanned;
}
