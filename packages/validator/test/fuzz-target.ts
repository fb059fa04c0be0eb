// The validator's coverage-guided fuzz target: `pnpm fuzz:coverage validate` (jsfuzz) calls `fuzz`
// with bytes it mutates towards new coverage, and fuzz-corpus.test.ts replays the committed corpus
// (fuzz/corpus/validate/) through it. The bytes are read as UTF-8, then as JSON with the parser's
// reader (a messages array, a request body, any value); text that is not JSON is validated as a
// transcript. Properties, as the fast-check ones in fuzz.test.ts and properties.test.ts state them:
// validate never throws; compile, tryCompile and compileToSegments throw only ChatMLCompileError
// and agree; countChatTokens, countTranscriptTokens and fit throw only ValidatorError; a count is
// a whole number, and validate's is countChatTokens'; the only special tokens in compiled text
// are those the structure writes; and a messages array validate finds nothing in holds no
// special token, read by any lenient reader.
import { ok, strictEqual } from "node:assert/strict";
import {
  ChatMLCompileError,
  type CompileInput,
  compile,
  compileToSegments,
  findSpecialTokens,
  PROFILE_NAMES,
  readChatInput,
  readJsonSource,
  SPECIAL_TOKENS,
  tryCompile,
  walkStrings,
} from "@chatmlkit/parser";
import { hashOf } from "../../parser/test/fuzz-bytes.js";
import { countChatTokens, countTranscriptTokens, fit, ValidatorError, validate } from "../src/index.js";
import { READERS } from "../src/lenient-readers.js";

const decoder = new TextDecoder();
const MODELS = ["gpt-4o", "gpt-35-turbo", "gpt-4"] as const;
/** Tokens as each lenient reader reads them. */
const READINGS = READERS.map((read) => SPECIAL_TOKENS.map((token) => read(token)));
const SPECIAL = new Set<string>(SPECIAL_TOKENS);

/** Awaits `run`; a ValidatorError (the typed error of bad input or options) counts as an answer. */
async function answers<T>(run: () => Promise<T>): Promise<T | ValidatorError> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidatorError) return error;
    throw error;
  }
}

/** Runs `run`; a ChatMLCompileError with issues counts as an answer. */
function compiles<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ChatMLCompileError)) throw error;
    ok(error.issues.length > 0, "a compile error has issues");
    return undefined;
  }
}

/** compile and its two siblings on any value: the same verdict, the same text, only the structure's special tokens. */
function checkCompile(input: unknown, profile: (typeof PROFILE_NAMES)[number] | undefined): void {
  const options = profile === undefined ? {} : { profile };
  const text = compiles(() => compile(input as CompileInput, options));
  const tried = tryCompile(input as CompileInput, options);
  strictEqual(tried.ok ? tried.text : undefined, text, "tryCompile agrees with compile");
  const segments = compiles(() => compileToSegments(input as CompileInput, options));
  if (text === undefined || segments === undefined) return;
  strictEqual(
    segments.map((s) => (typeof s === "string" ? s : s.token)).join(""),
    text,
    "segments join to the text",
  );
  // A special token in compiled text is one the structure put there, never one text spells.
  const written = segments.flatMap((s) => (typeof s !== "string" && SPECIAL.has(s.token) ? [s.token] : []));
  strictEqual(
    findSpecialTokens(text)
      .map((m) => m.token)
      .join(" "),
    written.join(" "),
    "compiled text's special tokens are the structure's",
  );
}

/** A messages array validate is silent on: no string of it holds a special token, read leniently or not. */
function checkClean(input: readonly unknown[]): void {
  walkStrings(input, "$", 0, {
    string(value, path) {
      strictEqual(findSpecialTokens(value).length, 0, `${path} holds a special token`);
      READERS.forEach((read, r) => {
        const reading = read(value);
        for (const token of READINGS[r] as string[])
          ok(!reading.includes(token), `${path} ${JSON.stringify(value)} reads as ${token}`);
      });
    },
    tooDeep() {},
  });
}

/** Checks every property on `data`; throws (an AssertionError, or what the API threw) when one fails. */
export async function fuzz(data: Uint8Array): Promise<void> {
  const text = decoder.decode(data);
  const hash = hashOf(data);
  const model = MODELS[hash % MODELS.length] as string;
  const profile = [undefined, ...PROFILE_NAMES][(hash >>> 4) % (PROFILE_NAMES.length + 1)];
  const read = readJsonSource(text);
  if (!read.ok) {
    // Not JSON: a transcript.
    const result = await validate(text, { model, ...(profile !== undefined && { profile }) });
    for (const d of result.diagnostics)
      ok(0 <= d.start && d.start <= d.end && d.end <= text.length, `${d.code} at [${d.start}, ${d.end})`);
    const count = await answers(() => countTranscriptTokens(text, { model }));
    if (!(count instanceof ValidatorError)) ok(Number.isSafeInteger(count.tokens) && count.tokens >= 0);
    await answers(() => fit(text, { model, maxTokens: 50 }));
    return;
  }
  const input = read.source.value;
  const result = await validate(input, { model, ...(profile !== undefined && { profile }) });
  ok(result.errorCount >= 0 && result.warningCount >= 0);
  if (Array.isArray(input) && result.diagnostics.length === 0) checkClean(input);
  const chat = readChatInput(input);
  ok(["array", "body", "none"].includes(chat.shape), "readChatInput's shape");
  if (chat.shape === "none") ok(chat.issues.length > 0, "input that is not messages has issues");
  checkCompile(input, profile);
  const count = await answers(() =>
    countChatTokens(input as readonly unknown[], { model, ...(profile !== undefined && { profile }) }),
  );
  if (!(count instanceof ValidatorError)) {
    ok(Number.isSafeInteger(count.promptTokens), "a whole count");
    // One answer to "does it fit": what validate counts is what countChatTokens counts.
    if (result.count !== undefined)
      strictEqual(result.count.promptTokens, count.promptTokens, "validate's count is countChatTokens'");
  }
  await answers(() => fit(input, { model, maxTokens: hash % 400 }));
}
