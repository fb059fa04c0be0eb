import { type Diagnostic, type Dialect, parse } from "@chatmlkit/parser";
import { MAX_DEPTH, memberPath, walkStrings } from "./walk-strings.js";

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
}

/** A structural problem found while reading JSON input. */
export interface InputProblem {
  readonly message: string;
  readonly path: string;
  readonly messageIndex?: number;
}

/**
 * The input, read: what kind it was, its messages, and what a request body
 * adds. JSON messages are read one at a time, when asked for: a message's
 * objects then die young instead of every message's living until the end.
 */
export interface ReadInput {
  readonly kind: "transcript" | "messages";
  /** For transcripts: the text, and the parser's diagnostics. */
  readonly text?: string;
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
  message(index: number, problems?: InputProblem[]): InputMessage | undefined;
  /**
   * The request's other strings that reach the model (`tools`, `functions`,
   * `response_format`, ...), read; their structural problems (too deep) are
   * added to `problems`.
   */
  bodyFields(problems: InputProblem[]): Field[];
  /** The raw messages array and request parts, for token counting of JSON input. */
  readonly request?: {
    readonly messages: readonly unknown[];
    readonly tools?: unknown[];
    readonly functions?: unknown[];
  };
  readonly model?: string;
  readonly maxTokens?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads validate's input: a transcript string, a messages array, a request body or a parsed document. */
export function readInput(input: unknown, dialect: Dialect | "auto"): ReadInput {
  if (typeof input === "string") return readTranscript(input, dialect);
  return readJson(input);
}

function readTranscript(text: string, dialect: Dialect | "auto"): ReadInput {
  const doc = parse(text, { dialect });
  const messages = doc.messages.map((m, index): InputMessage => {
    const { span } = m;
    const header = text.slice(span.headerStart, span.headerEnd);
    const role: Field = {
      text: m.role,
      label: "role",
      kind: "role",
      base: span.headerStart + header.indexOf(m.role),
    };
    const fields: Field[] = [role];
    if (m.name !== undefined) {
      const at = header.indexOf(`name=${m.name}`);
      fields.push({ text: m.name, label: "name", kind: "name", base: span.headerStart + at + 5 });
    }
    for (const [key, value] of Object.entries(m.attributes ?? {})) {
      const at = header.indexOf(`${key}=${value}`);
      const label = `attribute ${key}`;
      fields.push({ text: value, label, kind: "attribute", base: span.headerStart + at + key.length + 1 });
    }
    fields.push({ text: m.content, label: "content", kind: "content", base: span.contentStart });
    return { index, role: m.role, name: m.name, fields, content: m.content, carriesMore: false, at: role };
  });
  return {
    kind: "transcript",
    text,
    parseDiagnostics: doc.diagnostics,
    problems: [],
    size: messages.length,
    message: (index) => messages[index],
    bodyFields: () => [],
  };
}

function readJson(input: unknown): ReadInput {
  let list: unknown[];
  let base = "$";
  let body: Record<string, unknown> | undefined;
  if (Array.isArray(input)) {
    list = input;
  } else if (isRecord(input) && Array.isArray(input.messages)) {
    body = input;
    list = input.messages;
    base = "$.messages";
  } else {
    const problem = {
      message: `expected an array of messages or an object with a "messages" array, got ${describe(input)}`,
      path: "$",
    };
    return {
      kind: "messages",
      parseDiagnostics: [],
      problems: [problem],
      size: 0,
      message: () => undefined,
      bodyFields: () => [],
    };
  }
  const tools = Array.isArray(body?.tools) ? body.tools : undefined;
  const functions = Array.isArray(body?.functions) ? body.functions : undefined;
  const maxTokens = [body?.max_tokens, body?.max_completion_tokens].find((v) => typeof v === "number") as
    | number
    | undefined;
  return {
    kind: "messages",
    parseDiagnostics: [],
    problems: [],
    size: list.length,
    listPath: base,
    message: (index, problems = []) => readMessage(list[index], base, index, problems),
    bodyFields: (problems) => (body === undefined ? [] : readBodyFields(body, problems)),
    request: { messages: list, ...(tools && { tools }), ...(functions && { functions }) },
    ...(typeof body?.model === "string" && { model: body.model }),
    ...(maxTokens !== undefined && { maxTokens }),
  };
}

function readMessage(
  raw: unknown,
  base: string,
  index: number,
  problems: InputProblem[],
): InputMessage | undefined {
  if (!isRecord(raw)) {
    problems.push({
      message: `a message must be an object, got ${describe(raw)}`,
      path: `${base}[${index}]`,
      messageIndex: index,
    });
    return undefined;
  }
  const fields: Field[] = [];
  let role: string | undefined;
  if (typeof raw.role === "string") {
    role = raw.role;
    fields.push(new JsonField(role, "role", "role", base, index, ".role"));
  } else {
    problems.push({
      message:
        raw.role === undefined
          ? "the message has no role"
          : `role must be a string, got ${describe(raw.role)}`,
      path: `${base}[${index}].role`,
      messageIndex: index,
    });
  }
  let name: string | undefined;
  if (typeof raw.name === "string") {
    name = raw.name;
    fields.push(new JsonField(name, "name", "name", base, index, ".name"));
  } else if (raw.name !== undefined) {
    problems.push({
      message: `name must be a string, got ${describe(raw.name)}`,
      path: `${base}[${index}].name`,
      messageIndex: index,
    });
  }
  const callsOrRefusal =
    raw.tool_calls !== undefined || raw.function_call !== undefined || raw.refusal !== undefined;
  const callsOnly = (raw.content === null || raw.content === undefined) && callsOrRefusal;
  const content = readContent(raw.content, base, index, fields, problems, callsOnly);
  const carriesMore =
    callsOrRefusal ||
    (Array.isArray(raw.content) && raw.content.some((part) => isRecord(part) && part.type !== "text"));
  // Every other string of the message reaches the model too: tool calls, tool_call_id, refusal, ...
  const prefix = `${base}[${index}]`;
  for (const key of Object.keys(raw)) {
    if (key === "role" || key === "name" || key === "content") continue;
    readValues(raw[key], `${prefix}${memberPath(key)}`, prefix.length + 1, 2, fields, problems, index);
  }
  const at = fields[0] ?? new JsonField("", "message", "role", base, index, "");
  return { index, role, name, fields, content, carriesMore, at };
}

/** Request members whose strings reach the model, besides `messages`. */
const BODY_MEMBERS = ["tools", "functions", "tool_choice", "function_call", "response_format", "prediction"];

function readBodyFields(body: Record<string, unknown>, problems: InputProblem[]): Field[] {
  const fields: Field[] = [];
  for (const key of BODY_MEMBERS) {
    if (body[key] !== undefined) readValues(body[key], `$.${key}`, 2, 1, fields, problems, undefined);
  }
  return fields;
}

/**
 * Adds every string inside `value` (at `path`, `depth` levels into the
 * input) as a field; `labelFrom` is where the label starts in the path
 * (`tool_calls[0].function.arguments` rather than the whole path).
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
      const where = at.slice(labelFrom);
      const label = isKey ? `the key of ${where}` : where;
      fields.push({ text, label, kind: "value", base: 0, path: at });
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

function readContent(
  value: unknown,
  base: string,
  index: number,
  fields: Field[],
  problems: InputProblem[],
  callsOnly: boolean,
): string | undefined {
  if (typeof value === "string") {
    fields.push(new JsonField(value, "content", "content", base, index, ".content"));
    return value;
  }
  const path = `${base}[${index}].content`;
  if (Array.isArray(value)) {
    let text = "";
    const parts: Array<{ field: Field; start: number }> = [];
    const others: Field[] = [];
    value.forEach((part, j) => {
      const partPath = `${path}[${j}]`;
      if (isRecord(part) && part.type === "text" && typeof part.text === "string") {
        const field = new JsonField(part.text, "content", "content", base, index, `.content[${j}].text`);
        parts.push({ field, start: text.length });
        text += part.text;
        // The part's other members (cache_control, ...) are read like any other value.
        for (const key of Object.keys(part)) {
          if (key === "type" || key === "text") continue;
          readValues(
            part[key],
            `${partPath}${memberPath(key)}`,
            path.length - "content".length,
            4,
            others,
            problems,
            index,
          );
        }
      } else if (!(isRecord(part) && typeof part.type === "string")) {
        problems.push({
          message: `a content part must be an object with a type, got ${describe(part)}`,
          path: partPath,
          messageIndex: index,
        });
      } else {
        // Images, audio, files: valid Chat Completions input, and their strings are checked too.
        readValues(part, partPath, path.length - "content".length, 3, others, problems, index);
      }
    });
    // The model reads the text parts joined: a token split across parts is one token.
    fields.push({ text, label: "content", kind: "content", base: 0, path, parts }, ...others);
    return text;
  }
  if (!callsOnly) {
    problems.push({
      message:
        value === undefined || value === null
          ? `the message has no content (got ${describe(value)})`
          : `content must be a string or an array of parts, got ${describe(value)}`,
      path,
      messageIndex: index,
    });
  }
  return undefined;
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

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
