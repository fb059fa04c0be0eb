import type { IToken } from "chevrotain";
import type { Diagnostic, DiagnosticFactory } from "./diagnostics.js";
import type { Dialect, Message, MessageSpan } from "./document.js";
import { isRawMessage, type RawItem, type RawMessage } from "./grammar.js";
import { type HeaderProblem, parseHeader } from "./header.js";
import { Newline, StrayImEnd, StrayImSep } from "./tokens.js";

export interface BuiltDocument {
  messages: Array<Message & { span: MessageSpan }>;
  addGenerationPrompt: boolean;
  continueFinalMessage: boolean;
  generationRole?: string;
  dialect: Dialect;
  diagnostics: Diagnostic[];
}

const BOM = "\uFEFF";
const FIRST_WORD = /^[ \t]*[^ \t]*/;

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function headerEndDialect(token: IToken): Dialect {
  return token.tokenType === Newline ? "chatml" : "chatml-sep";
}

/**
 * Turns the parser's raw items into messages, flags and diagnostics. All
 * recovery decisions live here, in one place, in terms of what was found.
 */
export function buildDocument(
  text: string,
  items: readonly RawItem[],
  requested: Dialect | "auto",
  diagnose: DiagnosticFactory,
): BuiltDocument {
  const diagnostics: Diagnostic[] = [];
  const messages: BuiltDocument["messages"] = [];
  const doc: BuiltDocument = {
    messages,
    addGenerationPrompt: false,
    continueFinalMessage: false,
    dialect: requested === "auto" ? detectDialect(items) : requested,
    diagnostics,
  };

  const lastIndex = items.length - 1;
  for (let index = 0; index <= lastIndex; index++) {
    const item = items[index] as RawItem;
    if (isRawMessage(item)) readMessage(item, index === lastIndex);
    else readBetween(item);
  }
  return doc;

  function readBetween(token: IToken): void {
    const start = token.startOffset;
    if (token.tokenType === StrayImEnd) {
      push("stray-im-end", "error", "<|im_end|> with no open message", start, tokenEnd(token));
    } else if (token.tokenType === StrayImSep) {
      push(
        "stray-im-sep",
        "error",
        "<|im_sep|> outside a message header; it may only end a header, as in <|im_start|>user<|im_sep|>",
        start,
        tokenEnd(token),
      );
    } else {
      // Whitespace between messages is how producers lay them out; a leading BOM is allowed too.
      const image = token.image;
      if (image === "\n" || image === "\r\n") return;
      const skip = start === 0 && image.startsWith(BOM) ? 1 : 0;
      const at = image.slice(skip).search(/\S/);
      if (at !== -1) {
        push(
          "text-outside-message",
          "error",
          "text outside any message; every message starts with <|im_start|> and ends with <|im_end|>",
          start + skip + at,
          start + image.trimEnd().length,
        );
      }
    }
  }

  function readMessage(raw: RawMessage, isLast: boolean): void {
    const headerStart = tokenEnd(raw.start);
    const headerEndOffset = raw.headerLast === undefined ? headerStart : tokenEnd(raw.headerLast);
    const headerLast = raw.headerLast;
    const headerText =
      headerLast === undefined
        ? ""
        : headerLast.startOffset === headerStart
          ? headerLast.image
          : text.slice(headerStart, headerEndOffset);
    const { headerEnd, content: contentToken, end: endToken } = raw;

    if (headerEnd === undefined && endToken === undefined && isLast) {
      // `<|im_start|>assistant` at the very end: a generation prompt.
      generationPrompt(headerText, headerStart);
      return;
    }
    if (headerEnd !== undefined && endToken === undefined && isLast && contentToken === undefined) {
      // `<|im_start|>assistant\n` at the very end: a generation prompt.
      checkDialect(headerEnd);
      generationPrompt(headerText, headerStart);
      return;
    }

    let header: ReturnType<typeof parseHeader>;
    let content: string;
    let contentStart: number;
    if (headerEnd !== undefined) {
      header = parseHeader(headerText);
      contentStart = tokenEnd(headerEnd);
      content = contentToken?.image ?? "";
      checkDialect(headerEnd);
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
        push(
          "missing-header-end",
          "error",
          `header "${headerText}" is not followed by ${doc.dialect === "chatml-sep" ? "<|im_sep|>" : "a newline"} before <|im_end|>`,
          headerStart,
          headerEndOffset,
        );
      }
    }
    report(header.problems, headerStart);

    const last = endToken ?? contentToken ?? headerEnd ?? raw.headerLast ?? raw.start;
    const end = tokenEnd(last);
    if (endToken === undefined) {
      if (isLast) {
        doc.continueFinalMessage = true;
      } else {
        // Point at the opening of the unclosed message, not its whole body.
        push(
          "unterminated-message",
          "error",
          `message${header.role ? ` "${header.role}"` : ""} is not closed with <|im_end|> before the next <|im_start|>`,
          raw.start.startOffset,
          headerEndOffset,
        );
      }
    }

    const message: Message & { span: MessageSpan } = {
      role: header.role,
      content,
      span: {
        start: raw.start.startOffset,
        end,
        headerStart,
        headerEnd: headerEndOffset,
        contentStart,
        contentEnd: contentStart + content.length,
      },
    };
    if (header.name !== undefined) message.name = header.name;
    if (header.attributes !== undefined) message.attributes = header.attributes;
    messages.push(message);
  }

  function generationPrompt(headerText: string, headerStart: number): void {
    const header = parseHeader(headerText);
    report(header.problems, headerStart);
    if (header.role === "") return;
    doc.addGenerationPrompt = true;
    if (header.role !== "assistant") doc.generationRole = header.role;
  }

  function checkDialect(headerEnd: IToken): void {
    const used = headerEndDialect(headerEnd);
    if (used === doc.dialect) return;
    const expected = doc.dialect === "chatml" ? "a newline" : "<|im_sep|>";
    const detected = requested === "auto" ? " (detected from the first message)" : "";
    push(
      "dialect-mismatch",
      requested === "auto" ? "warning" : "error",
      `header ends with ${used === "chatml" ? "a newline" : "<|im_sep|>"} but the ${doc.dialect} dialect${detected} ends headers with ${expected}`,
      headerEnd.startOffset,
      tokenEnd(headerEnd),
    );
  }

  function report(problems: readonly HeaderProblem[], base: number): void {
    for (const p of problems) push(p.code, p.severity, p.message, base + p.start, base + p.end);
  }

  function push(...args: Parameters<DiagnosticFactory["create"]>): void {
    diagnostics.push(diagnose.create(...args));
  }
}

/** The dialect of the first header that has an end; `chatml` when none has. */
function detectDialect(items: readonly RawItem[]): Dialect {
  for (const item of items) {
    if (isRawMessage(item) && item.headerEnd !== undefined) return headerEndDialect(item.headerEnd);
  }
  return "chatml";
}
