// The parser's coverage-guided fuzz target: `pnpm fuzz:coverage parse` (jsfuzz) calls `fuzz` with
// bytes it mutates towards new coverage, and fuzz-corpus.test.ts replays the committed corpus
// (fuzz/corpus/parse/) through it. The bytes are read as UTF-8; anything thrown is a defect: parse
// and the stream parser throw nothing, whatever the text. Properties, as the fast-check ones in
// properties.test.ts and profile-stream.test.ts state them: source(parse(s)) === s with and
// without each profile, every place inside the text, lexing in pieces reads as the whole, and the
// stream parser, fed the text in pieces, reads what parse of the whole reads.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { PROFILE_NAMES, type ProfileName, parse, source } from "../src/index.js";
import { parseInPieces } from "../src/parse.js";
import { cutsOf, hashOf } from "./fuzz-bytes.js";
import { checkStream } from "./stream-check.js";

const decoder = new TextDecoder();

/** parse, with `profile` or none: the text comes back, and every place is inside it. */
function checkParse(text: string, profile: ProfileName | undefined): void {
  const result = parse(text, profile === undefined ? {} : { profile });
  strictEqual(source(result), text, "source(parse(s)) === s");
  for (const m of result.messages) {
    ok(0 <= m.span.start && m.span.start <= m.span.end && m.span.end <= text.length, "a message's span");
    // Without a profile a message's content is its text; a profile's reading takes tags out.
    if (profile === undefined) strictEqual(text.slice(m.span.contentStart, m.span.contentEnd), m.content);
  }
  for (const d of result.diagnostics) {
    ok(0 <= d.start && d.start <= d.end && d.end <= text.length, `${d.code} at [${d.start}, ${d.end})`);
    ok(d.line >= 1 && d.endLine >= d.line, `${d.code}'s lines`);
  }
}

/** Checks every property on `data` read as UTF-8; throws (an AssertionError, or what parse threw) when one fails. */
export function fuzz(data: Uint8Array): void {
  const text = decoder.decode(data);
  const hash = hashOf(data);
  const cuts = cutsOf(hash, text.length);
  checkParse(text, undefined);
  const piece = 1 + (hash % 40);
  deepStrictEqual(
    JSON.parse(JSON.stringify(parseInPieces(text, {}, piece))),
    JSON.parse(JSON.stringify(parseInPieces(text, {}, Number.POSITIVE_INFINITY))),
    `lexed ${piece} characters at a time, as a whole`,
  );
  checkStream(text, cuts);
  // A character at a time: every place a token or tag can be held back.
  checkStream(
    text,
    Array.from({ length: text.length }, (_, i) => i),
  );
  for (const profile of PROFILE_NAMES) {
    checkParse(text, profile);
    checkStream(text, cuts, profile);
  }
}
