import type { IToken } from "chevrotain";
import {
  type Diagnostic,
  type DiagnosticFactory,
  type ParseDiagnosticCode,
  type Severity,
  severityOf,
} from "./diagnostics.js";
import type { Dialect, Message, MessageSpan, Range } from "./document.js";
import type { TranscriptSink } from "./grammar.js";
import { type HeaderProblem, parseHeader } from "./header.js";
import { Newline, StrayImEnd, StrayImSep } from "./tokens.js";

export interface BuiltDocument {
  messages: Array<Message & { span: MessageSpan }>;
  addGenerationPrompt: boolean;
  continueFinalMessage: boolean;
  generationRole?: string;
  dialect: Dialect;
  diagnostics: Diagnostic[];
  tools?: Array<Record<string, unknown>>;
  structuralTags?: Range[];
}

/** The tokens of one message, as the parser found them (see TranscriptSink). */
interface PendingMessage {
  readonly start: IToken;
  readonly headerLast: IToken | undefined;
  readonly headerEnd: IToken | undefined;
  readonly content: IToken | undefined;
  readonly end: IToken | undefined;
}

const BOM = "\uFEFF";
/** Anything but layout between messages: a character that is not whitespace, or a BOM. */
const TEXT = /\S|\uFEFF/;
const TRAILING_SPACE = /[^\S\uFEFF]+$/;
const FIRST_WORD = /^[ \t]*[^ \t]*/;

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function headerEndDialect(token: IToken): Dialect {
  return token.tokenType === Newline ? "chatml" : "chatml-sep";
}

/**
 * Turns what the parser finds into messages, flags and diagnostics. All
 * recovery decisions live here, in one place, in terms of what was found.
 * A message's meaning can depend on whether anything follows it (an open
 * header at the very end is a generation prompt), so each message is held
 * until the next item or `finish()`.
 */
export class DocumentBuilder implements TranscriptSink {
  readonly #diagnostics: Diagnostic[] = [];
  readonly #doc: BuiltDocument;
  readonly #requested: Dialect | "auto";
  #dialect: Dialect | undefined;
  #pending: PendingMessage | undefined;

  constructor(
    private readonly text: string,
    requested: Dialect | "auto",
    private readonly diagnose: DiagnosticFactory,
  ) {
    this.#requested = requested;
    this.#dialect = requested === "auto" ? undefined : requested;
    this.#doc = {
      messages: [],
      addGenerationPrompt: false,
      continueFinalMessage: false,
      dialect: this.#dialect ?? "chatml",
      diagnostics: this.#diagnostics,
    };
  }

  message(
    start: IToken,
    headerLast: IToken | undefined,
    headerEnd: IToken | undefined,
    content: IToken | undefined,
    end: IToken | undefined,
  ): void {
    // The first header end decides an auto-detected dialect, before the
    // previous message is read, as its diagnostics may name the dialect.
    if (this.#dialect === undefined && headerEnd !== undefined) {
      this.#dialect = headerEndDialect(headerEnd);
      this.#doc.dialect = this.#dialect;
    }
    this.#flush(false);
    // A closed message means the same wherever it stands: read it now. Only an
    // open one waits, as being last decides what it is (see #readMessage).
    if (end !== undefined) this.#readMessage(start, headerLast, headerEnd, content, end, false);
    else this.#pending = { start, headerLast, headerEnd, content, end };
  }

  between(token: IToken): void {
    this.#flush(false);
    this.#readBetween(token);
  }

  /** Adds a diagnostic found outside the builder (the parser's own errors). */
  report(diagnostic: Diagnostic): void {
    this.#diagnostics.push(diagnostic);
  }

  finish(): BuiltDocument {
    this.#flush(true);
    return this.#doc;
  }

  #flush(isLast: boolean): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    const { start, headerLast, headerEnd, content, end } = pending;
    this.#readMessage(start, headerLast, headerEnd, content, end, isLast);
  }

  /** Reports `code` with its severity from PARSE_DIAGNOSTICS (or `severity`, where the caller's options raise it). */
  #push(
    code: ParseDiagnosticCode,
    message: string,
    start: number,
    end: number,
    severity: Severity = severityOf(code),
  ): void {
    this.#diagnostics.push(this.diagnose.create(code, severity, message, start, end));
  }

  #readBetween(token: IToken): void {
    const start = token.startOffset;
    if (token.tokenType === StrayImEnd) {
      this.#push("stray-im-end", "<|im_end|> with no open message", start, tokenEnd(token));
    } else if (token.tokenType === StrayImSep) {
      this.#push(
        "stray-im-sep",
        "<|im_sep|> outside a message header; it may only end a header, as in <|im_start|>user<|im_sep|>",
        start,
        tokenEnd(token),
      );
    } else {
      // Whitespace between messages is how producers lay them out; a leading BOM is allowed too,
      // but no other (JavaScript's \s holds U+FEFF: TEXT and TRAILING_SPACE leave it out).
      const image = token.image;
      if (image === "\n" || image === "\r\n") return;
      const skip = start === 0 && image.startsWith(BOM) ? 1 : 0;
      const at = image.slice(skip).search(TEXT);
      if (at !== -1) {
        this.#push(
          "text-outside-message",
          "text outside any message; every message starts with <|im_start|> and ends with <|im_end|>",
          start + skip + at,
          start + image.replace(TRAILING_SPACE, "").length,
        );
      }
    }
  }

  #readMessage(
    start: IToken,
    headerLast: IToken | undefined,
    headerEnd: IToken | undefined,
    contentToken: IToken | undefined,
    endToken: IToken | undefined,
    isLast: boolean,
  ): void {
    const headerStart = tokenEnd(start);
    const headerEndOffset = headerLast === undefined ? headerStart : tokenEnd(headerLast);
    const headerText =
      headerLast === undefined
        ? ""
        : headerLast.startOffset === headerStart
          ? headerLast.image
          : this.text.slice(headerStart, headerEndOffset);

    if (headerEnd === undefined && endToken === undefined && isLast) {
      // `<|im_start|>assistant` at the very end: a generation prompt.
      this.#generationPrompt(headerText, headerStart);
      return;
    }
    if (headerEnd !== undefined && endToken === undefined && isLast && contentToken === undefined) {
      // `<|im_start|>assistant\n` at the very end: a generation prompt.
      this.#checkDialect(headerEnd);
      this.#generationPrompt(headerText, headerStart);
      return;
    }

    let header: ReturnType<typeof parseHeader>;
    let content: string;
    let contentStart: number;
    if (headerEnd !== undefined) {
      header = parseHeader(headerText);
      contentStart = tokenEnd(headerEnd);
      content = contentToken?.image ?? "";
      this.#checkDialect(headerEnd);
    } else {
      // No newline before <|im_end|> or the next <|im_start|>: recover the
      // first word as the role and the rest of the header as the content.
      const roleText = FIRST_WORD.exec(headerText)?.[0] ?? "";
      header = parseHeader(roleText);
      const rest = headerText.slice(roleText.length);
      const lead = rest.length - rest.replace(/^[ \t]+/, "").length;
      contentStart = headerStart + roleText.length + lead;
      content = rest.slice(lead);
      if (endToken !== undefined) {
        this.#push(
          "missing-header-end",
          `header "${headerText}" is not followed by ${this.#doc.dialect === "chatml-sep" ? "<|im_sep|>" : "a newline"} before <|im_end|>`,
          headerStart,
          headerEndOffset,
        );
      }
    }
    this.#report(header.problems, headerStart);

    const last = endToken ?? contentToken ?? headerEnd ?? headerLast ?? start;
    const end = tokenEnd(last);
    if (endToken === undefined) {
      if (isLast) {
        this.#doc.continueFinalMessage = true;
      } else {
        // Point at the opening of the unclosed message, not its whole body.
        this.#push(
          "unterminated-message",
          `message${header.role ? ` "${header.role}"` : ""} is not closed with <|im_end|> before the next <|im_start|>`,
          start.startOffset,
          headerEndOffset,
        );
      }
    }

    const message: Message & { span: MessageSpan } = {
      role: header.role,
      content,
      span: {
        start: start.startOffset,
        end,
        headerStart,
        headerEnd: headerEndOffset,
        contentStart,
        contentEnd: contentStart + content.length,
      },
    };
    if (header.name !== undefined) message.name = header.name;
    if (header.attributes !== undefined) message.attributes = header.attributes;
    this.#doc.messages.push(message);
  }

  #generationPrompt(headerText: string, headerStart: number): void {
    const header = parseHeader(headerText);
    this.#report(header.problems, headerStart);
    if (header.role === "") return;
    this.#doc.addGenerationPrompt = true;
    if (header.role !== "assistant") this.#doc.generationRole = header.role;
  }

  #checkDialect(headerEnd: IToken): void {
    const used = headerEndDialect(headerEnd);
    if (used === this.#doc.dialect) return;
    const expected = this.#doc.dialect === "chatml" ? "a newline" : "<|im_sep|>";
    const detected = this.#requested === "auto" ? " (detected from the first message)" : "";
    // A dialect the caller asked for is a requirement: then a mismatch is an error (see PARSE_DIAGNOSTICS).
    this.#push(
      "dialect-mismatch",
      `header ends with ${used === "chatml" ? "a newline" : "<|im_sep|>"} but the ${this.#doc.dialect} dialect${detected} ends headers with ${expected}`,
      headerEnd.startOffset,
      tokenEnd(headerEnd),
      this.#requested === "auto" ? undefined : "error", // undefined: the code's own severity
    );
  }

  #report(problems: readonly HeaderProblem[], base: number): void {
    for (const p of problems) this.#push(p.code, p.message, base + p.start, base + p.end, p.severity);
  }
}
