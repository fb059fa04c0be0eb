import { DocumentBuilder } from "./build-document.js";
import { type Diagnostic, DiagnosticFactory } from "./diagnostics.js";
import type { Dialect, ParseResult, SourceToken } from "./document.js";
import { ChatMLParser } from "./grammar.js";
import { tokenize } from "./lexer.js";

/** Options of `parse`. */
export interface ParseOptions {
  /** `auto` (default) detects the dialect from the first header. */
  dialect?: Dialect | "auto";
}

// One parser instance for the process, reused through `parser.input`.
let parser: ChatMLParser | undefined;

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
  if (typeof text !== "string") {
    return failed("", `parse expects a string, got ${text === null ? "null" : typeof text}`);
  }
  const dialect = options.dialect ?? "auto";
  if (dialect !== "auto" && dialect !== "chatml" && dialect !== "chatml-sep") {
    return failed(text, `unknown dialect "${String(dialect)}"; expected auto, chatml or chatml-sep`);
  }
  let tokens: SourceToken[] = [];
  try {
    const lexed = tokenize(text);
    if (lexed.errors.length > 0) {
      const e = lexed.errors[0] as { offset: number; message: string };
      return failed(text, `internal lexer error at offset ${e.offset}: ${e.message}`);
    }
    tokens = lexed.tokens;
    const diagnose = new DiagnosticFactory(text);
    const builder = new DocumentBuilder(text, dialect, diagnose);
    parser ??= new ChatMLParser();
    parser.sink = builder;
    parser.input = lexed.tokens;
    parser.transcript();
    parser.sink = undefined;
    const doc = builder.finish();
    for (const error of parser.errors) {
      const at = error.token.startOffset;
      doc.diagnostics.push(diagnose.create("internal-error", "error", error.message, at, at));
    }
    return { ...doc, tokens };
  } catch (error) {
    return failed(text, `internal parser error: ${(error as Error).message}`, tokens);
  }
}

/** A result for input that could not be read at all; still lossless. */
function failed(text: string, message: string, tokens: SourceToken[] = []): ParseResult {
  const diagnostic: Diagnostic = new DiagnosticFactory(text).create("internal-error", "error", message, 0, 0);
  const whole: SourceToken = { image: text, startOffset: 0, tokenType: { name: "OutsideText" } };
  const complete = tokens.map((t) => t.image).join("") === text;
  return {
    messages: [],
    addGenerationPrompt: false,
    continueFinalMessage: false,
    dialect: "chatml",
    diagnostics: [diagnostic],
    tokens: complete ? tokens : text === "" ? [] : [whole],
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
