import {
  type ChatMessage,
  type Diagnostic,
  type Dialect,
  describeValue as describe,
  IM_SEP,
  IM_START,
  type InputIssue,
  MAX_DEPTH,
  memberPath,
  type ParseResult,
  PROFILE_DIAGNOSTIC_CODES,
  type ProfileName,
  parse,
  parseHeader,
  readChatInput,
  readChatMessage,
  walkStrings,
} from "@chatmlkit/parser";
import type { ChatRequest } from "./count-chat.js";
import { type BodyMaxTokens, bodyMaxTokens } from "./limits.js";

/** One string of the input that rules read, and where it sits. */
export interface Field {
  readonly text: string;
  /** `content`, `name`, `role`, `attribute <key>`, or where in the message or request (`tool_calls[0].function.arguments`). */
  readonly label: string;
  /** `value`: any other string of JSON input that reaches the model (tool calls, tool definitions, ...). */
  readonly kind: "role" | "name" | "content" | "attribute" | "value";
  /** Offset of `text` in the transcript; 0 for JSON input, where `path` locates it. */
  readonly base: number;
  /** JSON path of the string, for JSON input. */
  readonly path?: string;
  /** The string is the object key at `path`, not its value. */
  readonly key?: boolean;
  /**
   * Content given as text parts: `text` is the parts joined, as the model
   * reads them, and each part is a field of its own starting at `start` in
   * `text`. Findings are placed in the part they start in.
   */
  readonly parts?: ReadonlyArray<{ readonly field: Field; readonly start: number }>;
}

/** A message as the rules see it. */
export interface InputMessage {
  readonly index: number;
  readonly role: string | undefined;
  readonly name: string | undefined;
  /** The message's text fields: role, name, attributes and content (or its text parts). */
  readonly fields: readonly Field[];
  /** The whole content as text (parts joined); undefined when absent or not text. */
  readonly content: string | undefined;
  /**
   * The message says something besides its text: tool or function calls or a
   * refusal (so content may be null), or non-text content parts (images...).
   * Its text may then be empty.
   */
  readonly carriesMore: boolean;
  /** Where to point at the message as a whole. */
  readonly at: Field;
  /** For a JSON message: the one reader's view of it (tool calls, tool_call_id, its other keys, with paths). */
  readonly json?: ChatMessage;
}

/** A structural problem found while reading JSON input: the one reader's issue type. */
export type InputProblem = Pick<InputIssue, "message" | "path" | "messageIndex"> & Partial<InputIssue>;

/**
 * The input, read: what kind it was, its messages, and what a request body
 * adds. JSON messages are read one at a time, when asked for: a message's
 * objects then die young instead of every message's living until the end.
 */
export interface ReadInput {
  readonly kind: "transcript" | "messages";
  /** For transcripts: the text, its parse (read once per call), and the parser's diagnostics. */
  readonly text?: string;
  /** For transcripts read with a profile: where its tags were read as structure (their starts). */
  readonly structuralTags?: ReadonlySet<number>;
  readonly document?: ParseResult;
  readonly parseDiagnostics: readonly Diagnostic[];
  /** Problems of the input as a whole (it is not a list of messages). */
  readonly problems: readonly InputProblem[];
  /** How many entries the list of messages has. */
  readonly size: number;
  /** JSON path of the list of messages (`$` or `$.messages`), for JSON input. */
  readonly listPath?: string;
  /**
   * Entry `index` of the list, read; its structural problems are added to
   * `problems`. Undefined when the entry is not a message object.
   */
  message(index: number, problems: InputProblem[]): InputMessage | undefined;
  /**
   * The request's other strings that reach the model (`tools`, `functions`,
   * `response_format`, ...), read; their structural problems (too deep) are
   * added to `problems`.
   */
  bodyFields(problems: InputProblem[]): Field[];
  /** JSON input's raw list of messages. */
  readonly list?: readonly unknown[];
  /**
   * JSON input as countChat counts it: the request body itself (its tools, tool_choice and
   * function_call count too), or the list (paths `$[i]`), so that validate's count is countChat's.
   */
  readonly request?: ChatRequest | readonly unknown[];
  readonly model?: string;
  /** The request body (or parsed document) around the messages, when the input is one. */
  readonly body?: Readonly<Record<string, unknown>>;
  /** The body's `max_tokens` / `max_completion_tokens` (a bad value is also in `problems`). */
  readonly maxTokens?: BodyMaxTokens;
}

/** Reads validate's input: a transcript string, a messages array, a request body or a parsed document. */
export function readInput(
  input: unknown,
  dialect: Dialect | "auto",
  profile?: ProfileName,
  /** Read a transcript's placeholders too (`parse`'s `placeholders`): validate's `template` option. */
  placeholders = false,
): ReadInput {
  if (typeof input === "string") return readTranscript(input, dialect, profile, placeholders);
  return readJson(input);
}

/**
 * The profile's own reading of a transcript: the diagnostics of its tool-call and reasoning
 * blocks, and where its tags are structure. The checks read the messages as ChatML has them,
 * each content whole, so only these are taken from the profile's reading.
 */
function profileReading(
  text: string,
  dialect: Dialect | "auto",
  profile: ProfileName,
): { diagnostics: Diagnostic[]; structuralTags: ReadonlySet<number> } {
  const codes: ReadonlySet<string> = new Set(PROFILE_DIAGNOSTIC_CODES);
  const read = parse(text, { profile, dialect });
  return {
    diagnostics: read.diagnostics.filter((d) => codes.has(d.code)),
    structuralTags: new Set((read.structuralTags ?? []).map((r) => r.start)),
  };
}

function readTranscript(
  text: string,
  dialect: Dialect | "auto",
  profile: ProfileName | undefined,
  placeholders: boolean,
): ReadInput {
  const doc = parse(text, { dialect, placeholders });
  const reading = profile === undefined ? undefined : profileReading(text, dialect, profile);
  const own = reading?.diagnostics ?? [];
  const messages = doc.messages.map((m, index): InputMessage => {
    const { span } = m;
    // The words' offsets come from the parser's own reading of the header. When the header
    // had no end, the parser read only its first word as the header (the rest is content).
    const headerStart = span.headerStart;
    const headerEnd = Math.min(span.headerEnd, span.contentStart);
    // A bare role, the common header, has no other word: no need to read it again.
    const header =
      headerEnd - headerStart === m.role.length && m.attributes === undefined && m.name === undefined
        ? { roleEnd: m.role.length, words: [] }
        : parseHeader(text.slice(headerStart, headerEnd));
    const role: Field = {
      text: m.role,
      label: "role",
      kind: "role",
      base: headerStart + header.roleEnd - m.role.length,
    };
    const fields: Field[] = [role];
    // Of a repeated name, the last is the message's; the others are read like any attribute.
    let lastName = -1;
    header.words.forEach((w, i) => {
      if (w.eq === w.start + 4 && text.startsWith("name", headerStart + w.start)) lastName = i;
    });
    header.words.forEach((w, i) => {
      const wordStart = headerStart + w.start;
      const wordEnd = headerStart + w.end;
      if (w.eq === -1) {
        // Not an attribute (reported by the parser): its text still reaches the model.
        fields.push(transcriptField(text, wordStart, wordEnd, "header", "attribute"));
        return;
      }
      const eq = headerStart + w.eq;
      const key = text.slice(wordStart, eq);
      fields.push(transcriptField(text, wordStart, eq, `the key of attribute ${key}`, "attribute"));
      if (i === lastName) fields.push(transcriptField(text, eq + 1, wordEnd, "name", "name"));
      else fields.push(transcriptField(text, eq + 1, wordEnd, `attribute ${key}`, "attribute"));
    });
    fields.push({ text: m.content, label: "content", kind: "content", base: span.contentStart });
    // A header that ends the other dialect's way: its `<|im_sep|>` is not the structure's own.
    if (
      doc.dialect === "chatml" &&
      text.charCodeAt(span.headerEnd) === 60 &&
      span.contentStart > span.headerEnd
    ) {
      fields.push(
        transcriptField(text, span.headerEnd, span.contentStart, "the end of a header", "attribute"),
      );
    }
    return { index, role: m.role, name: m.name, fields, content: m.content, carriesMore: false, at: role };
  });
  return {
    kind: "transcript",
    text,
    ...(reading !== undefined && { structuralTags: reading.structuralTags }),
    document: doc,
    parseDiagnostics:
      own.length === 0 ? doc.diagnostics : [...doc.diagnostics, ...own].sort((a, b) => a.start - b.start),
    problems: [],
    size: messages.length,
    message: (index) => messages[index],
    bodyFields: () => outsideFields(text, doc),
  };
}

/** Where a header starting at `from` ends: its newline or `<|im_sep|>`, or the end of the text. */
function headerEndAt(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  const sep = text.indexOf(IM_SEP, from);
  const ends = [newline, sep, text.length].filter((at) => at !== -1);
  return Math.min(...ends);
}

function transcriptField(
  text: string,
  start: number,
  end: number,
  label: string,
  kind: Field["kind"],
): Field {
  return { text: text.slice(start, end), label, kind, base: start };
}

/**
 * The transcript's text outside its messages (between them, before the
 * first, after the last, the generation prompt's header), scanned like any
 * text: a token there reaches the model whatever the structural rules say.
 */
function outsideFields(text: string, doc: ReturnType<typeof parse>): Field[] {
  const fields: Field[] = [];
  let from = 0;
  for (const m of doc.messages) {
    // The newline that lays messages out, the common gap, holds nothing to find.
    const layout = m.span.start === from || (m.span.start === from + 1 && text.charCodeAt(from) === 10);
    if (!layout) fields.push(transcriptField(text, from, m.span.start, "text outside messages", "value"));
    from = m.span.end;
  }
  if (from < text.length) {
    // A generation prompt's `<|im_start|>` is the structure's own; its header is read as a header.
    const open = doc.addGenerationPrompt ? text.lastIndexOf(IM_START) : -1;
    const gap = open >= from ? open : text.length;
    if (gap > from) fields.push(transcriptField(text, from, gap, "text outside messages", "value"));
    if (open >= from) {
      const headerStart = open + IM_START.length;
      const headerEnd = headerEndAt(text, headerStart);
      fields.push(
        transcriptField(text, headerStart, headerEnd, "the generation prompt's header", "attribute"),
      );
    }
  }
  return fields;
}

function readJson(input: unknown): ReadInput {
  const read = readChatInput(input);
  const list = read.list;
  const base = read.listPath;
  if (read.shape === "none") {
    return {
      kind: "messages",
      parseDiagnostics: [],
      problems: read.issues,
      size: 0,
      message: () => undefined,
      // A record's own model still names what the caller counts with (there is nothing to count).
      ...(typeof read.body?.model === "string" && { model: read.body.model }),
      // Not messages (a preference pair, a prompt/completion line, a bare string): its strings may still
      // reach a model through some template, so every one is scanned, at its path.
      bodyFields: (problems) => {
        const fields: Field[] = [];
        readValues(input, "$", 1, 1, fields, problems, undefined);
        return fields;
      },
    };
  }
  // A list of messages has no body around it.
  const body = read.body;
  const maxTokens = bodyMaxTokens(body);
  return {
    kind: "messages",
    parseDiagnostics: [],
    // Flags of the wrong type are compile's concern: validate reads what reaches the model.
    problems: maxTokens.problem === undefined ? [] : [maxTokens.problem],
    size: list.length,
    listPath: base,
    message: (index, problems) => readMessage(list[index], base, index, problems),
    bodyFields: (problems) => (body === undefined ? [] : readBodyFields(body, problems)),
    list,
    request: (body as ChatRequest | undefined) ?? list,
    ...(typeof body?.model === "string" && { model: body.model }),
    ...(body !== undefined && { body, maxTokens }),
  };
}

function readMessage(
  raw: unknown,
  base: string,
  index: number,
  problems: InputProblem[],
): InputMessage | undefined {
  const prefix = `${base}[${index}]`;
  const fields: Field[] = [];
  const message = readChatMessage(raw, base, index, problems as InputIssue[]);
  if (message === undefined) {
    // Not a message, yet a template may still render its strings.
    readValues(raw, prefix, prefix.length, 1, fields, problems, index);
    if (fields.length === 0) return undefined;
    const at = fields[0] as Field;
    return { index, role: undefined, name: undefined, fields, content: undefined, carriesMore: true, at };
  }
  const { role, name, content } = message;
  const object = message.raw;
  if (role !== undefined) fields.push(new JsonField(role, "role", "role", base, index, ".role"));
  else readValues(object.role, `${prefix}.role`, prefix.length, 2, fields, problems, index);
  if (name !== undefined) fields.push(new JsonField(name, "name", "name", base, index, ".name"));
  else readValues(object.name, `${prefix}.name`, prefix.length, 2, fields, problems, index);
  readContent(message, base, fields, problems);
  const carriesMore = message.callsOrRefusal || message.otherParts.length > 0;
  // Every other string of the message reaches the model too: tool calls, tool_call_id, refusal, ...
  // and the names of its members (a template may render them).
  readMembers(object, message.otherKeys, prefix, prefix.length, 1, fields, problems, index);
  const at = fields[0] ?? new JsonField("", "message", "role", base, index, "");
  return { index, role, name, fields, content, carriesMore, at, json: message };
}

/** A text part's own members; any other (cache_control, ...) is read like any value. */
const isTextPartKey = (key: string) => key === "type" || key === "text";

/**
 * Adds the members `keys` of `object` (at `path`, `depth` levels into the
 * input) as fields: each name, and every string in its value.
 */
function readMembers(
  object: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  path: string,
  labelFrom: number,
  depth: number,
  fields: Field[],
  problems: InputProblem[],
  messageIndex: number,
): void {
  for (const key of keys) {
    const at = `${path}${memberPath(key)}`;
    fields.push({
      text: key,
      label: `the key of ${labelOf(at, labelFrom)}`,
      kind: "value",
      base: 0,
      path: at,
      key: true,
    });
    readValues(object[key], at, labelFrom, depth + 1, fields, problems, messageIndex);
  }
}

/**
 * Request members whose strings reach the model, besides `messages`: OpenAI's,
 * and vLLM's `documents` (RAG templates render them) and `chat_template_kwargs`
 * (passed to the chat template as variables).
 */
const BODY_MEMBERS = [
  "tools",
  "functions",
  "tool_choice",
  "function_call",
  "response_format",
  "prediction",
  "documents",
  "chat_template_kwargs",
  // A system prompt beside the messages, as Anthropic-style gateways take it.
  "system",
];

/** Members that are lists of definitions: anything else there (`"tools": 5`) is not counted, and said so. */
const LIST_MEMBERS = ["tools", "functions", "documents"];

function readBodyFields(body: Record<string, unknown>, problems: InputProblem[]): Field[] {
  const fields: Field[] = [];
  for (const key of BODY_MEMBERS) {
    const value = body[key];
    if (value === undefined) continue;
    if (LIST_MEMBERS.includes(key) && !Array.isArray(value)) {
      problems.push({ message: `${key} must be an array, got ${describe(value)}`, path: `$.${key}` });
    }
    readValues(value, `$.${key}`, 1, 1, fields, problems, undefined);
  }
  return fields;
}

/**
 * The part of `path` after its first `from` characters, as a label:
 * `tool_calls[0].function.arguments`, `["a b"].x` (the step's own `.` dropped).
 */
function labelOf(path: string, from: number): string {
  return path.charCodeAt(from) === 46 ? path.slice(from + 1) : path.slice(from);
}

/**
 * Adds every string inside `value` (at `path`, `depth` levels into the
 * input) as a field; the label is the path after its first `labelFrom`
 * characters (`tool_calls[0].function.arguments` rather than the whole path).
 */
function readValues(
  value: unknown,
  path: string,
  labelFrom: number,
  depth: number,
  fields: Field[],
  problems: InputProblem[],
  messageIndex: number | undefined,
): void {
  walkStrings(value, path, depth, {
    string(text, at, isKey) {
      const where = labelOf(at, labelFrom);
      if (isKey)
        fields.push({ text, label: `the key of ${where}`, kind: "value", base: 0, path: at, key: true });
      else fields.push({ text, label: where, kind: "value", base: 0, path: at });
    },
    tooDeep(at) {
      problems.push({
        message: `nested deeper than ${MAX_DEPTH} levels; not read further`,
        path: at,
        ...(messageIndex !== undefined && { messageIndex }),
      });
    },
  });
}

function readContent(message: ChatMessage, base: string, fields: Field[], problems: InputProblem[]): void {
  const { index, textParts } = message;
  const value = message.raw.content;
  if (typeof value === "string") {
    fields.push(new JsonField(value, "content", "content", base, index, ".content"));
    return;
  }
  const path = `${base}[${index}].content`;
  // Labels start at `content`: `content[1].image_url.url`.
  const contentFrom = path.length - "content".length;
  if (textParts === undefined) {
    // Content of any other shape is invalid (the reader said so), yet a template may still render its strings.
    readValues(value, path, contentFrom, 2, fields, problems, index);
    return;
  }
  const parts = value as readonly unknown[];
  const others: Field[] = [];
  const joined = textParts.map(({ text, start, index: j }) => {
    const part = parts[j] as Record<string, unknown>;
    // The part's other members (cache_control, ...) are read like any other value.
    const keys = Object.keys(part).filter((key) => !isTextPartKey(key));
    readMembers(part, keys, `${path}[${j}]`, contentFrom, 3, others, problems, index);
    return { field: new JsonField(text, "content", "content", base, index, `.content[${j}].text`), start };
  });
  // Images, audio, files: valid Chat Completions input. A part without a type is not,
  // but templates render its text anyway (Qwen2-VL's `{'text': ...}`): its strings are checked too.
  for (const j of message.otherParts)
    readValues(parts[j], `${path}[${j}]`, contentFrom, 3, others, problems, index);
  // The model reads the text parts joined: a token split across parts is one token.
  fields.push(
    { text: message.content ?? "", label: "content", kind: "content", base: 0, path, parts: joined },
    ...others,
  );
}

/**
 * A string of JSON input. Its path (`$.messages[3].content`) is spelled out
 * only when a diagnostic asks for it: most strings never need one.
 */
class JsonField implements Field {
  readonly base = 0;
  constructor(
    readonly text: string,
    readonly label: string,
    readonly kind: Field["kind"],
    private readonly list: string,
    private readonly index: number,
    private readonly suffix: string,
  ) {}

  get path(): string {
    return `${this.list}[${this.index}]${this.suffix}`;
  }
}
