import { type BuiltDocument, DocumentBuilder } from "./build-document.js";
import { type Diagnostic, DiagnosticFactory, severityOf } from "./diagnostics.js";
import {
  type Dialect,
  isDialectOption,
  type ParseResult,
  type SourceToken,
  unknownDialectMessage,
} from "./document.js";
import { ChatMLParser } from "./grammar.js";
import { tokenize } from "./lexer.js";
import { readWithProfile } from "./profiles/read-document.js";
import { PROFILE_NAMES, profileFor } from "./profiles/registry.js";
import type { ProfileName } from "./profiles/types.js";
import { IM_END, IM_SEP, IM_START } from "./special-tokens.js";
import { readPlaceholders } from "./template/read-placeholders.js";

/** Options of `parse`. */
export interface ParseOptions {
  /** `auto` (default) detects the dialect from the first header; a profile fixes it. */
  dialect?: Dialect | "auto";
  /**
   * Read the text as this model's chat format writes it: assistants' `<tool_call>` blocks as
   * `tool_calls`, Qwen3's `<think>` block as `reasoning_content`, `<tool_response>` blocks as
   * `tool` messages, the system message's tools as `tools`. A text with no `<|im_start|>` is
   * the model's raw output: one assistant message.
   */
  profile?: ProfileName;
  /**
   * Read the text as a prompt template: each content's `{{ name }}` placeholders
   * as `placeholders` (spans into the text); `{% ... %}` blocks, filters and
   * malformed placeholders as diagnostics at their places, and any placeholder
   * in a header as `placeholder-in-header`. `\{{` is text. The text is not
   * changed: `source()` still gives it back.
   */
  placeholders?: boolean;
}

// One parser instance for the process, reused through `parser.input`.
let parser: ChatMLParser | undefined;

/**
 * Transcripts are lexed and parsed a piece at a time, so that tokens die
 * young (the garbage collector's cheapest case) instead of all 120k of a
 * 10 MB transcript surviving to the end; the result's `tokens` are lexed
 * again, once, if someone asks for them. A piece ends just after an
 * `<|im_end|>`: whatever mode the lexer was in, that token returns it to
 * "outside", so pieces lex exactly as the whole text does, and no message
 * spans two pieces.
 */
const PIECE = 32 * 1024;

/**
 * Reads a ChatML transcript. Never throws: broken input yields diagnostics and
 * as much of the document as can be recovered, and `source(result)` always
 * gives back `text` exactly.
 *
 * @example
 * const doc = parse("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
 * doc.messages[0]; // { role: "user", content: "Hi", span: {...} }
 * doc.addGenerationPrompt; // true
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  const result = parseInPieces(text, options, PIECE);
  return options.placeholders === true ? withPlaceholders(result, text) : result;
}

/** The result read as a template: its placeholders, and the template's diagnostics among the others. */
function withPlaceholders(result: ParseResult, text: string): ParseResult {
  if (typeof text !== "string") return result;
  const reading = readPlaceholders(
    text,
    result.messages.map((m) => m.span),
    new DiagnosticFactory(text),
  );
  result.placeholders = reading.placeholders;
  if (reading.diagnostics.length > 0) {
    result.diagnostics = [...result.diagnostics, ...reading.diagnostics].sort((a, b) => a.start - b.start);
  }
  return result;
}

/**
 * `parse`, with the size of the pieces it lexes at a time as a parameter:
 * tests check that any size gives the same result. Not part of the API.
 */
export function parseInPieces(text: string, options: ParseOptions, piece: number): ParseResult {
  if (options.profile !== undefined) return parseWithProfile(text, options.profile, options.dialect, piece);
  if (typeof text !== "string") return failed("", notAString(text));
  const dialect = options.dialect ?? "auto";
  if (!isDialectOption(dialect)) return failed(text, unknownDialectMessage(dialect));
  const doc = readDocument(text, dialect, piece);
  return typeof doc === "string" ? failed(text, doc) : withTokens(doc, text);
}

const notAString = (text: unknown) => `parse expects a string, got ${text === null ? "null" : typeof text}`;

/** The document of `text`, or why it could not be read. */
function readDocument(text: string, dialect: Dialect | "auto", piece: number): BuiltDocument | string {
  try {
    const diagnose = new DiagnosticFactory(text);
    const builder = new DocumentBuilder(text, dialect, diagnose);
    parser ??= new ChatMLParser();
    parser.sink = builder;
    try {
      for (let from = 0; from < text.length; ) {
        const to = pieceEnd(text, from, piece);
        const failure = parsePiece(parser, text, from, to, diagnose, builder);
        if (failure !== undefined) return failure;
        from = to;
      }
    } finally {
      parser.sink = undefined;
    }
    return builder.finish();
  } catch (error) {
    return `internal parser error: ${(error as Error).message}`;
  }
}

/**
 * `parse` with a profile. Raw model output (no `<|im_start|>`) is read as the
 * assistant's message after the profile's generation prompt: the prompt's
 * header is put before it, and every offset taken back to the text as given.
 */
function parseWithProfile(
  text: string,
  name: ProfileName,
  dialect: Dialect | "auto" | undefined,
  piece: number,
): ParseResult {
  if (typeof text !== "string") return failed("", notAString(text));
  const profile = profileFor(name);
  if (profile === undefined) {
    return failed(
      text,
      `unknown profile ${JSON.stringify(name)}; expected one of ${PROFILE_NAMES.join(", ")}`,
    );
  }
  // The chatml profile is ChatML v0, in either dialect; a model's profile fixes its own.
  const fixed = profile.write !== undefined;
  if (fixed && dialect !== undefined && dialect !== "auto" && dialect !== profile.dialect) {
    return failed(text, `the ${name} profile reads the ${profile.dialect} dialect, not ${String(dialect)}`);
  }
  const reading = fixed ? profile.dialect : (dialect ?? "auto");
  if (!isDialectOption(reading)) return failed(text, unknownDialectMessage(reading));
  const output = !text.includes(IM_START);
  const prompt = output ? `${IM_START}assistant${reading === "chatml-sep" ? IM_SEP : "\n"}` : "";
  const read = prompt + text;
  const doc = readDocument(read, reading, piece);
  if (typeof doc === "string") return failed(text, doc);
  let problems: ReturnType<typeof readWithProfile>;
  try {
    problems = readWithProfile(doc, read, profile);
  } catch (error) {
    return failed(text, `internal parser error: ${(error as Error).message}`);
  }
  const shift = prompt.length;
  const diagnose = new DiagnosticFactory(text);
  const at = (offset: number) => Math.max(0, offset - shift);
  const found = [...doc.diagnostics, ...problems.map((p) => ({ ...p, severity: severityOf(p.code) }))].sort(
    (a, b) => a.start - b.start,
  );
  doc.diagnostics =
    shift === 0 && problems.length === 0
      ? doc.diagnostics
      : found.map((d) => diagnose.create(d.code as never, d.severity, d.message, at(d.start), at(d.end)));
  if (output) {
    for (const message of doc.messages) {
      const s = message.span;
      message.span = {
        start: at(s.start),
        end: at(s.end),
        headerStart: at(s.headerStart),
        headerEnd: at(s.headerEnd),
        contentStart: at(s.contentStart),
        contentEnd: at(s.contentEnd),
      };
    }
    // The generation prompt was the caller's, not this text's.
    doc.addGenerationPrompt = false;
    const tags = doc.structuralTags;
    if (tags !== undefined) doc.structuralTags = tags.map((r) => ({ start: at(r.start), end: at(r.end) }));
  }
  const result = withTokens(doc, text);
  if (output) result.modelOutput = true;
  return result;
}

function pieceEnd(text: string, from: number, piece: number): number {
  if (text.length - from <= piece) return text.length;
  const end = text.indexOf(IM_END, from + piece);
  return end === -1 ? text.length : end + IM_END.length;
}

/** Lexes and parses text[from, to) into the builder; returns a message if the lexer failed. */
function parsePiece(
  parser: ChatMLParser,
  text: string,
  from: number,
  to: number,
  diagnose: DiagnosticFactory,
  builder: DocumentBuilder,
): string | undefined {
  const lexed = tokenize(from === 0 && to === text.length ? text : text.slice(from, to));
  if (lexed.errors.length > 0) {
    const e = lexed.errors[0] as { offset: number; message: string };
    return `internal lexer error at offset ${from + e.offset}: ${e.message}`;
  }
  if (from !== 0) for (const token of lexed.tokens) token.startOffset += from;
  parser.input = lexed.tokens;
  parser.transcript();
  for (const error of parser.errors) {
    const at = error.token.startOffset;
    builder.report(diagnose.create("internal-error", severityOf("internal-error"), error.message, at, at));
  }
  return undefined;
}

/**
 * The document with `tokens`, lexed from `text` on first use (most callers
 * read only messages and diagnostics). The tokens are plain data: image,
 * offset and type name, so `structuredClone` and JSON keep the whole result.
 */
function withTokens(doc: ReturnType<DocumentBuilder["finish"]>, text: string): ParseResult {
  let tokens: SourceToken[] | undefined;
  return Object.defineProperty(doc, "tokens", {
    enumerable: true,
    get: () => {
      tokens ??= tokenize(text).tokens.map(({ image, startOffset, tokenType }) => ({
        image,
        startOffset,
        tokenType: { name: tokenType.name },
      }));
      return tokens;
    },
  }) as ParseResult;
}

/** A result for input that could not be read at all; still lossless: one token holds all of it. */
function failed(text: string, message: string): ParseResult {
  const diagnostic: Diagnostic = new DiagnosticFactory(text).create(
    "internal-error",
    severityOf("internal-error"),
    message,
    0,
    0,
  );
  const whole: SourceToken = { image: text, startOffset: 0, tokenType: { name: "OutsideText" } };
  return {
    messages: [],
    addGenerationPrompt: false,
    continueFinalMessage: false,
    dialect: "chatml",
    diagnostics: [diagnostic],
    tokens: text === "" ? [] : [whole],
  };
}

/**
 * The exact text a parse result was read from: its tokens, concatenated.
 *
 * @example
 * source(parse(text)) === text; // for every string
 */
export function source(result: Pick<ParseResult, "tokens">): string {
  let out = "";
  for (const token of result.tokens) out += token.image;
  return out;
}
