import { DocumentBuilder } from "./build-document.js";
import { type Diagnostic, DiagnosticFactory, severityOf } from "./diagnostics.js";
import type { Dialect, ParseResult, SourceToken } from "./document.js";
import { ChatMLParser } from "./grammar.js";
import { tokenize } from "./lexer.js";
import { IM_END } from "./special-tokens.js";

/** Options of `parse`. */
export interface ParseOptions {
  /** `auto` (default) detects the dialect from the first header. */
  dialect?: Dialect | "auto";
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
  return parseInPieces(text, options, PIECE);
}

/**
 * `parse`, with the size of the pieces it lexes at a time as a parameter:
 * tests check that any size gives the same result. Not part of the API.
 */
export function parseInPieces(text: string, options: ParseOptions, piece: number): ParseResult {
  if (typeof text !== "string") {
    return failed("", `parse expects a string, got ${text === null ? "null" : typeof text}`);
  }
  const dialect = options.dialect ?? "auto";
  if (dialect !== "auto" && dialect !== "chatml" && dialect !== "chatml-sep") {
    return failed(text, `unknown dialect "${String(dialect)}"; expected auto, chatml or chatml-sep`);
  }
  try {
    const diagnose = new DiagnosticFactory(text);
    const builder = new DocumentBuilder(text, dialect, diagnose);
    parser ??= new ChatMLParser();
    parser.sink = builder;
    try {
      for (let from = 0; from < text.length; ) {
        const to = pieceEnd(text, from, piece);
        const failure = parsePiece(parser, text, from, to, diagnose, builder);
        if (failure !== undefined) return failed(text, failure);
        from = to;
      }
    } finally {
      parser.sink = undefined;
    }
    return withTokens(builder.finish(), text);
  } catch (error) {
    return failed(text, `internal parser error: ${(error as Error).message}`);
  }
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
