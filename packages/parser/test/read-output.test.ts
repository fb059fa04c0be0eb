// The profile output reader on its own: what each write tells the sink, at once, with the offsets
// of tags and problems. parse and the stream share this reader, so comparing them (profile-
// stream.test.ts) cannot see a mistake both make; these cases say what the reader must tell.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type OutputFormat, OutputReader, type OutputSink } from "../src/profiles/read-output.js";
import { fuzzRuns, output } from "./arbitraries.js";

/** What the sink is told during each write, then during `end`, one line per call. */
function read(format: OutputFormat, chunks: readonly string[], closed = true): string[][] {
  const writes: string[][] = [];
  let log: string[] = [];
  const sink: OutputSink = {
    content: (d) => log.push(`content ${JSON.stringify(d)}`),
    reasoning: (d) => log.push(`reasoning ${JSON.stringify(d)}`),
    toolCallDelta: (call, id, name, args) =>
      log.push(`delta ${call} ${id ?? "-"} ${name ?? "-"} ${JSON.stringify(args)}`),
    toolCallEnd: (call, toolCall, p) =>
      log.push(
        toolCall === undefined
          ? `end ${call} ${p?.code} ${p?.start}-${p?.end}`
          : `end ${call} ${toolCall.id} ${toolCall.function.name} ${toolCall.function.arguments}`,
      ),
    problem: (p) => log.push(`problem ${p.code} ${p.start}-${p.end}`),
    tag: (start, end) => log.push(`tag ${start}-${end}`),
  };
  const reader = new OutputReader(format, { next: 0 }, sink);
  for (const chunk of chunks) {
    reader.write(chunk);
    writes.push(log);
    log = [];
  }
  reader.end(closed);
  writes.push(log);
  return writes;
}

/** One log for the whole read, each run of deltas of one kind (or one call's arguments) joined. */
function joined(writes: string[][]): string[] {
  const out: string[] = [];
  for (const line of writes.flat()) {
    const kind = line.match(/^(content|reasoning|delta \d+ - -) /)?.[1];
    const last = out.at(-1);
    if (kind !== undefined && last?.startsWith(`${kind} `)) {
      const text = JSON.parse(last.slice(kind.length + 1)) + JSON.parse(line.slice(kind.length + 1));
      out[out.length - 1] = `${kind} ${JSON.stringify(text)}`;
    } else out.push(line);
  }
  return out;
}

const QWEN3: OutputFormat = { reasoning: true, tools: true };
const HERMES: OutputFormat = { reasoning: false, tools: true };
const CALL = '<tool_call>\n{"name": "f", "arguments": {"a": 1}}\n</tool_call>';

describe("OutputReader", () => {
  it("sends at once what cannot become a tag, and holds back only what can", () => {
    expect(read(QWEN3, ["a <b", " <tool_", "x"])).toEqual([
      ['content "a <b"'],
      ['content " "'],
      ['content "<tool_x"'],
      [],
    ]);
  });

  it("places tags and problems in the content, past what earlier writes consumed", () => {
    expect(read(QWEN3, ["Hi ", "<tool_call>\nnope\n</tool_call>"])).toEqual([
      ['content "Hi "'],
      [
        "tag 3-14",
        "tag 20-32",
        "end 0 invalid-tool-call-json 15-16",
        "problem invalid-tool-call-json 15-16",
        'content "<tool_call>\\nnope\\n</tool_call>"',
      ],
      [],
    ]);
  });

  it("streams a call's name, then its arguments, and tells no empty content", () => {
    expect(read(QWEN3, [CALL])).toEqual([
      [
        'delta 0 call_0 f ""',
        'delta 0 - - "{\\"a\\": 1}"',
        "tag 0-11",
        "tag 49-61",
        'end 0 call_0 f {"a": 1}',
      ],
      [],
    ]);
  });

  it("numbers calls in order, drops the layout between them, and sends the text after them at once", () => {
    expect(read(QWEN3, [`${CALL}\n\n${CALL} after`])).toEqual([
      [
        'delta 0 call_0 f ""',
        'delta 0 - - "{\\"a\\": 1}"',
        "tag 0-11",
        "tag 49-61",
        'end 0 call_0 f {"a": 1}',
        'delta 1 call_1 f ""',
        'delta 1 - - "{\\"a\\": 1}"',
        "tag 63-74",
        "tag 112-124",
        'end 1 call_1 f {"a": 1}',
        'content " after"',
      ],
      [],
    ]);
  });

  it("a block that is no call comes back as written, without the layout </think> already took", () => {
    expect(read(QWEN3, ["<think>\nx\n</think>\n\n<tool_call>\nnope\n</tool_call>"])).toEqual([
      [
        "tag 0-7",
        'reasoning "x"',
        "tag 10-18",
        "tag 20-31",
        "tag 37-49",
        "end 0 invalid-tool-call-json 32-33",
        "problem invalid-tool-call-json 32-33",
        'content "<tool_call>\\nnope\\n</tool_call>"',
      ],
      [],
    ]);
  });

  it("drops the newlines that open reasoning, and keeps those inside it across writes", () => {
    expect(read(QWEN3, ["<think>\nab", "\n\ncd</think>"])).toEqual([
      ["tag 0-7", 'reasoning "ab"'],
      ['reasoning "\\n\\ncd"', "tag 14-22"],
      [],
    ]);
  });

  it("without tools, <tool_call> is content", () => {
    expect(read({ reasoning: true, tools: false }, ["<think>x</think>a <tool_call>b"])).toEqual([
      ["tag 0-7", 'reasoning "x"', "tag 8-16", 'content "a <tool_call>b"'],
      [],
    ]);
  });

  it("streams arguments in the pieces each write makes sure of, strings and nesting followed", () => {
    const chunks = [
      '<tool_call>\n{"name": "f", "arguments": {"a": "x}',
      '\\"y", "b": [1]',
      "}}\n</tool_call>",
    ];
    expect(read(QWEN3, chunks)).toEqual([
      ['delta 0 call_0 f ""', 'delta 0 - - "{\\"a\\": \\"x}"'],
      ['delta 0 - - "\\\\\\"y\\", \\"b\\": [1]"'],
      ['delta 0 - - "}"', "tag 0-11", "tag 65-77", 'end 0 call_0 f {"a": "x}\\"y", "b": [1]}'],
      [],
    ]);
  });

  it("streams array arguments too, and refuses them at the end", () => {
    expect(read(HERMES, ['<tool_call>\n{"name": "f", "arguments": [1, 2]}\n</tool_call>'])).toEqual([
      [
        'delta 0 call_0 f ""',
        'delta 0 - - "[1, 2]"',
        "tag 0-11",
        "tag 47-59",
        "end 0 invalid-tool-call 39-45",
        "problem invalid-tool-call 39-45",
        'content "<tool_call>\\n{\\"name\\": \\"f\\", \\"arguments\\": [1, 2]}\\n</tool_call>"',
      ],
      [],
    ]);
  });

  it("sends string arguments whole, as their value, at the block's end", () => {
    expect(read(HERMES, ['<tool_call>\n{"name": "f", "arguments": "{\\"x\\": 1}"}\n</tool_call>'])).toEqual([
      [
        'delta 0 call_0 f ""',
        "tag 0-11",
        "tag 53-65",
        'delta 0 - - "{\\"x\\": 1}"',
        'end 0 call_0 f {"x": 1}',
      ],
      [],
    ]);
  });

  it("reads a block of another shape whole: its name, then its arguments, once it ends", () => {
    const [write] = read(HERMES, ['<tool_call>\n{"arguments": {"a": 1}, "name": "f"}\n</tool_call>']);
    expect(write?.filter((line) => line.startsWith("delta"))).toEqual(['delta 0 call_0 f "{\\"a\\": 1}"']);
  });

  it("streams nothing of a block the JSON reader must read: a name with a line break, an empty one, no colon", () => {
    for (const head of ['"name": "a\nb"', '"name": ""', '"name" "f"']) {
      const [write] = read(HERMES, [`<tool_call>\n{${head}, "arguments": {"a": 1}}\n</tool_call>`]);
      expect(
        write?.filter((line) => line.startsWith("delta")),
        head,
      ).toEqual([]);
      expect(
        write?.some((line) => line.startsWith("end 0 invalid-tool-call")),
        head,
      ).toBe(true);
    }
  });

  it("follows strings from the arguments' first one on: a brace in a string after an empty key does not end them", () => {
    const chunks = ['<tool_call>\n{"name": "f", "arguments": {"": "}"', ', "b": 1}', "}\n</tool_call>"];
    expect(read(QWEN3, chunks).map((write) => write.filter((line) => line.startsWith("delta")))).toEqual([
      ['delta 0 call_0 f ""', 'delta 0 - - "{\\"\\": \\"}\\""'],
      ['delta 0 - - ", \\"b\\": 1}"'],
      [],
      [],
    ]);
  });

  it("streams arguments whose keys are empty or hold an escaped quote as the arguments read at the end", () => {
    const args = '{"": 1, "\\"": {"": [2]}}';
    const chunks = [
      `<tool_call>\n{"name": "f", "arguments": ${args.slice(0, 4)}`,
      args.slice(4),
      "}\n</tool_call>",
    ];
    const lines = joined(read(QWEN3, chunks));
    expect(lines).toContain(`delta 0 - - ${JSON.stringify(args)}`);
    expect(lines).toContain(`end 0 call_0 f ${args}`);
  });

  it("an unterminated block: only its opening tag, the problem, and its text as content", () => {
    expect(read(HERMES, ['<tool_call>\n{"name": "f"'])).toEqual([
      [],
      [
        "tag 0-11",
        "end 0 unterminated-tool-call 0-11",
        "problem unterminated-tool-call 0-11",
        'content "<tool_call>\\n{\\"name\\": \\"f\\""',
      ],
    ]);
  });

  it("unterminated reasoning is a problem only when the turn was closed, not when it was cut off", () => {
    expect(read(QWEN3, ["<think>\nhm\n\n"], true)).toEqual([
      ["tag 0-7", 'reasoning "hm"'],
      ["problem unterminated-reasoning 0-7"],
    ]);
    expect(read(QWEN3, ["<think>\nhm\n\n"], false)).toEqual([["tag 0-7", 'reasoning "hm"'], []]);
  });

  it("streams a head of up to 4,096 characters; a longer one is read whole at the block's end", () => {
    // `\n{"name": "` and `", "arguments": ` around the name: 27 characters.
    for (const [length, streams] of [
      [4069, true],
      [4070, false],
    ] as const) {
      const name = "n".repeat(length);
      const head = `<tool_call>\n{"name": "${name}", "arguments": `;
      const [first, second] = read(HERMES, [head, '{"a": 1}}\n</tool_call>']);
      expect(first, `${length}`).toEqual(streams ? [`delta 0 call_0 ${name} ""`] : []);
      expect(second?.at(-1)).toBe(`end 0 call_0 ${name} {"a": 1}`);
    }
  });

  it("tells the same, deltas joined, however the content is cut into writes", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(QWEN3, HERMES),
        output,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (format, text, cuts, closed) => {
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
          expect(joined(read(format, chunks, closed))).toEqual(joined(read(format, [text], closed)));
        },
      ),
      fuzzRuns(2000),
    );
  });
});
