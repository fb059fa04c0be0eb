// Reads an assistant turn as a profile's model writes it: a Qwen3 <think>
// block first, then content with <tool_call> JSON blocks. Incremental: `parse`
// writes a message's whole content at once, the stream parser each chunk as it
// comes, and both are told the same, because what a chunk ends with that
// could still become a tag (or the newline before one) is held back until the
// next chunk decides it.
import type { MessageToolCall } from "../document.js";
import { CALL_CLOSE, CALL_OPEN, THINK_CLOSE, THINK_OPEN } from "./tags.js";
import { readToolCallBlock } from "./tool-call-block.js";

/** The diagnostics only a profile's reading reports (each in PARSE_DIAGNOSTICS). */
export const PROFILE_DIAGNOSTIC_CODES = [
  "invalid-tool-call-json",
  "invalid-tool-call",
  "unterminated-tool-call",
  "unterminated-reasoning",
] as const;

/** A problem found while reading, at offsets into the message's content. */
export interface OutputProblem {
  readonly code: (typeof PROFILE_DIAGNOSTIC_CODES)[number];
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Where the reader says what it finds, in order. A `<tool_call>` block arrives as deltas: the
 * first has the call's id, and its name once known; `args` are fragments of the arguments'
 * JSON text. They are provisional until the block's end, which gives the call when it reads as
 * one, else the problem (and the block's text then comes as content).
 */
export interface OutputSink {
  content(delta: string): void;
  reasoning(delta: string): void;
  toolCallDelta(call: number, id: string | undefined, name: string | undefined, args: string): void;
  toolCallEnd(call: number, toolCall: MessageToolCall | undefined, problem: OutputProblem | undefined): void;
  problem(problem: OutputProblem): void;
  /** A tag read as structure (`<think>`, a block's `<tool_call>` and `</tool_call>`), at offsets into the content. */
  tag?(start: number, end: number): void;
}

/** What the profile's model writes in an assistant turn. */
export interface OutputFormat {
  readonly reasoning: boolean;
  readonly tools: boolean;
}

/** Numbers the tool calls of one document (or stream): the model writes no ids. */
export interface CallCounter {
  next: number;
}

type State = "start" | "reasoning" | "after-think" | "content" | "call" | "after-call";

/** One `<tool_call>` block being read. */
interface Block {
  readonly call: number;
  readonly id: string;
  /** Offset of `<tool_call>` in the content, and of its `</tool_call>` once found. */
  readonly tagStart: number;
  closeStart: number;
  /** What the block replaced before its tag (the newline before it, or whitespace after a call). */
  readonly before: string;
  text: string;
  /** Whether the first delta went out. */
  started: boolean;
  /** Reading `{"name": "...", "arguments": ` to stream the arguments: undecided, found, or not that shape. */
  head: "pending" | "streaming" | "whole";
  /** Where the arguments' value starts in `text` (-1: not reached), how far it is scanned and sent. */
  value: number;
  scanned: number;
  sent: number;
  depth: number;
  maxDepth: number;
  inString: boolean;
  escaped: boolean;
  afterString: boolean;
  /** Keys written in the arguments (a repeated one counts twice). */
  keys: number;
  done: boolean;
}

/** The longest `{"name": "...", "arguments": ` the stream waits for before reading a block whole. */
const MAX_HEAD = 4096;

/** Space, tab, newline or carriage return: JSON's whitespace. */
const isLayout = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** The first character that is not layout whitespace. */
const NOT_WHITESPACE = /[^ \t\r\n]/g;

/** Length of the longest suffix of `text.slice(from)` that is a proper prefix of `tag` (every tag starts with "<"). */
function partial(text: string, from: number, tag: string): number {
  const start = Math.max(from, text.length - tag.length + 1);
  for (let at = text.indexOf("<", start); at !== -1; at = text.indexOf("<", at + 1)) {
    if (tag.startsWith(text.slice(at))) return text.length - at;
  }
  return 0;
}

export class OutputReader {
  #state: State;
  #buffer = "";
  #pos = 0;
  /** Offset in the content of `#buffer[0]`. */
  #base = 0;
  #reasoningBegun = false;
  #thinkStart = -1;
  #block: Block | undefined;
  #calls = 0;

  constructor(
    private readonly format: OutputFormat,
    private readonly counter: CallCounter,
    private readonly sink: OutputSink,
  ) {
    this.#state = format.reasoning ? "start" : "content";
  }

  /** Reads a chunk of the content, telling the sink what it decides. */
  write(chunk: string): void {
    this.#buffer = this.#pos === 0 ? this.#buffer + chunk : this.#buffer.slice(this.#pos) + chunk;
    this.#base += this.#pos;
    this.#pos = 0;
    this.#step(false);
  }

  /** The content ended; `closed`: by `<|im_end|>` or a stop token (not cut off). */
  end(closed: boolean): void {
    this.#step(true);
    if (this.#state === "reasoning" && closed) {
      this.#problem({
        code: "unterminated-reasoning",
        message: "the assistant's turn ended inside its <think> block: it gave reasoning and no answer",
        start: this.#thinkStart,
        end: this.#thinkStart + THINK_OPEN.length,
      });
    }
  }

  #content(delta: string): void {
    if (delta !== "") this.sink.content(delta);
  }

  #problem(problem: OutputProblem): void {
    this.sink.problem(problem);
  }

  #step(final: boolean): void {
    const text = this.#buffer;
    for (;;) {
      const pos = this.#pos;
      switch (this.#state) {
        case "start": {
          // Reasoning is a block the turn opens with; anything else is the answer.
          if (text.startsWith(THINK_OPEN, pos)) {
            this.#thinkStart = this.#base + pos;
            this.sink.tag?.(this.#thinkStart, this.#thinkStart + THINK_OPEN.length);
            this.#pos = pos + THINK_OPEN.length;
            this.#state = "reasoning";
          } else if (!final && THINK_OPEN.startsWith(text.slice(pos))) {
            return;
          } else {
            this.#state = "content";
          }
          break;
        }
        case "reasoning": {
          const close = text.indexOf(THINK_CLOSE, pos);
          if (close !== -1) {
            this.#reasoning(text.slice(pos, close), true);
            this.sink.tag?.(this.#base + close, this.#base + close + THINK_CLOSE.length);
            this.#pos = close + THINK_CLOSE.length;
            this.#state = "after-think";
            break;
          }
          // Newlines before </think> are the block's layout, not reasoning: held until decided.
          const hold = final ? 0 : heldReasoning(text, pos);
          this.#reasoning(text.slice(pos, text.length - hold), final);
          this.#pos = text.length - hold;
          return;
        }
        case "after-think": {
          // The template writes "</think>\n\n" before the answer.
          let at = pos;
          while (at < text.length && text.charCodeAt(at) === 10) at++;
          this.#pos = at;
          if (at === text.length && !final) return;
          this.#state = "content";
          break;
        }
        case "content": {
          const open = this.format.tools ? text.indexOf(CALL_OPEN, pos) : -1;
          if (open !== -1) {
            // The newline before a block is its layout ("content\n<tool_call>").
            const before = open > pos && text.charCodeAt(open - 1) === 10 ? "\n" : "";
            this.#content(text.slice(pos, open - before.length));
            this.#open(open, before);
            break;
          }
          const hold = final || !this.format.tools ? 0 : heldContent(text, pos);
          this.#content(text.slice(pos, text.length - hold));
          this.#pos = text.length - hold;
          return;
        }
        case "call": {
          const block = this.#block as Block;
          const close = text.indexOf(CALL_CLOSE, pos);
          if (close !== -1) {
            this.#blockText(block, text.slice(pos, close));
            block.closeStart = this.#base + close;
            this.#pos = close + CALL_CLOSE.length;
            this.#close(block, true);
            break;
          }
          const hold = final ? 0 : partial(text, pos, CALL_CLOSE);
          this.#blockText(block, text.slice(pos, text.length - hold));
          this.#pos = text.length - hold;
          if (final) this.#close(block, false);
          return;
        }
        case "after-call": {
          // Whitespace between calls, or after the last, is layout; text after it is content.
          NOT_WHITESPACE.lastIndex = pos;
          const found = NOT_WHITESPACE.exec(text);
          if (found === null) {
            if (final) this.#pos = text.length;
            return;
          }
          const at = found.index;
          if (text.startsWith(CALL_OPEN, at)) {
            this.#open(at, text.slice(pos, at));
          } else if (!final && CALL_OPEN.startsWith(text.slice(at))) {
            return;
          } else {
            this.#state = "content";
          }
          break;
        }
      }
    }
  }

  #reasoning(text: string, ends: boolean): void {
    let from = 0;
    let to = text.length;
    if (!this.#reasoningBegun) {
      while (from < to && text.charCodeAt(from) === 10) from++;
      if (from < to) this.#reasoningBegun = true;
    }
    if (ends) while (to > from && text.charCodeAt(to - 1) === 10) to--;
    if (to > from) this.sink.reasoning(from === 0 && to === text.length ? text : text.slice(from, to));
  }

  #open(at: number, before: string): void {
    const call = this.#calls++;
    this.#block = {
      call,
      id: `call_${this.counter.next++}`,
      tagStart: this.#base + at,
      closeStart: -1,
      before,
      text: "",
      started: false,
      head: "pending",
      value: -1,
      scanned: 0,
      sent: 0,
      depth: 0,
      maxDepth: 0,
      inString: false,
      escaped: false,
      afterString: false,
      keys: 0,
      done: false,
    };
    this.#pos = at + CALL_OPEN.length;
    this.#state = "call";
  }

  /** More of the block's text: streams the name and the arguments' JSON as far as they are sure. */
  #blockText(block: Block, more: string): void {
    if (more === "") return;
    block.text += more;
    // What is left to scan, as a flat string of its own: reading block.text by index would
    // flatten the growing string on every chunk, quadratic over a call sent in small pieces.
    let piece = more;
    if (block.head === "pending") {
      // A head this long is no template's: the block is read whole at its end.
      const head = block.text.length > MAX_HEAD ? false : canonicalHead(block.text);
      if (head === undefined) return;
      if (head === false) {
        block.head = "whole";
        return;
      }
      block.head = "streaming";
      block.started = true;
      block.scanned = head.end;
      piece = block.text.slice(head.end);
      this.sink.toolCallDelta(block.call, block.id, head.name, "");
    }
    if (block.head === "streaming" && !block.done) this.#scanArguments(block, piece);
  }

  /**
   * Follows the arguments' JSON (strings, nesting) to send each part once it is surely theirs.
   * `piece` is the block's text from `block.scanned` on; offsets stay the block text's.
   */
  #scanArguments(block: Block, piece: string): void {
    const base = block.scanned;
    const end = base + piece.length;
    const at = (i: number) => piece.charCodeAt(i - base);
    let i = base;
    if (block.value === -1) {
      while (i < end && isLayout(at(i))) i++;
      if (i === end) {
        block.scanned = i;
        return;
      }
      const first = at(i);
      if (first !== 123 && first !== 91) {
        // A string (or something that is not arguments) is sent whole at the end.
        block.head = "whole";
        return;
      }
      block.value = i;
      block.sent = i;
    }
    // Keys are counted (a string followed by a colon) and the deepest nesting kept, so that the
    // block's reader can tell a repeated key or a too deep value without a tree (tool-call-block.ts).
    for (; i < end && !block.done; i++) {
      const c = at(i);
      if (block.inString) {
        if (block.escaped) block.escaped = false;
        else if (c === 92) block.escaped = true;
        else if (c === 34) {
          block.inString = false;
          block.afterString = true;
        }
        continue;
      }
      if (isLayout(c)) continue;
      if (block.afterString) {
        block.afterString = false;
        if (c === 58) block.keys++;
      }
      if (c === 34) block.inString = true;
      else if (c === 123 || c === 91) block.maxDepth = Math.max(block.maxDepth, ++block.depth);
      else if (c === 125 || c === 93) {
        block.depth--;
        if (block.depth === 0) block.done = true;
      }
    }
    block.scanned = i;
    if (i > block.sent) {
      this.sink.toolCallDelta(block.call, undefined, undefined, piece.slice(block.sent - base, i - base));
      block.sent = i;
    }
  }

  #close(block: Block, terminated: boolean): void {
    this.#block = undefined;
    const innerStart = block.tagStart + CALL_OPEN.length;
    // A block's tags are structure even when it reads as no call: its problem says what is wrong.
    this.sink.tag?.(block.tagStart, innerStart);
    if (terminated) this.sink.tag?.(block.closeStart, block.closeStart + CALL_CLOSE.length);
    let problem: OutputProblem | undefined;
    if (!terminated) {
      problem = {
        code: "unterminated-tool-call",
        message: "the <tool_call> block has no </tool_call> before the message ends: the call is incomplete",
        start: block.tagStart,
        end: innerStart,
      };
    } else {
      const scanned = block.head === "streaming" && block.done;
      const read = readToolCallBlock(
        block.text,
        scanned
          ? { start: block.value, end: block.scanned, keys: block.keys, depth: block.maxDepth }
          : undefined,
      );
      if (read.ok) {
        this.#finishDeltas(block, read.name, read.arguments);
        const toolCall: MessageToolCall = {
          id: block.id,
          type: "function",
          function: { name: read.name, arguments: read.arguments },
        };
        this.sink.toolCallEnd(block.call, toolCall, undefined);
        this.#state = "after-call";
        return;
      }
      const p = read.problem;
      problem = { code: p.code, message: p.message, start: innerStart + p.start, end: innerStart + p.end };
    }
    // A block that is no call is text the model wrote: it stays in the content, as written.
    this.sink.toolCallEnd(block.call, undefined, problem);
    this.#problem(problem);
    this.#content(block.before + CALL_OPEN + block.text + (terminated ? CALL_CLOSE : ""));
    this.#state = "content";
  }

  /** Whatever of the call was not streamed goes out before its end: the whole call, or the rest of it. */
  #finishDeltas(block: Block, name: string, args: string): void {
    if (!block.started) {
      this.sink.toolCallDelta(block.call, block.id, name, args);
      return;
    }
    const streamed = block.value === -1 ? "" : block.text.slice(block.value, block.sent);
    if (args.startsWith(streamed) && args.length > streamed.length) {
      this.sink.toolCallDelta(block.call, undefined, undefined, args.slice(streamed.length));
    }
  }
}

/** Held back in reasoning: trailing newlines and what may begin `</think>`. */
function heldReasoning(text: string, from: number): number {
  const tag = partial(text, from, THINK_CLOSE);
  let at = text.length - tag;
  while (at > from && text.charCodeAt(at - 1) === 10) at--;
  return text.length - at;
}

/** Held back in content: what may begin `<tool_call>`, and the newline that may come before it. */
function heldContent(text: string, from: number): number {
  const tag = partial(text, from, CALL_OPEN);
  const at = text.length - tag;
  return at > from && text.charCodeAt(at - 1) === 10 ? tag + 1 : tag;
}

/**
 * The start `{"name": "<name>", "arguments": ` of a block, the shape the templates ask for:
 * the name and where the arguments' value begins; false for another shape (read whole at the
 * end); undefined while the text so far could still be it.
 */
function canonicalHead(text: string): { name: string; end: number } | false | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && " \t\r\n".includes(text[i] as string)) i++;
  };
  /** Matches `word` at i: true, false (mismatch), undefined (the text ends inside it). */
  const literal = (word: string): boolean | undefined => {
    skip();
    for (let k = 0; k < word.length; k++, i++) {
      if (i === text.length) return undefined;
      if (text[i] !== word[k]) return false;
    }
    return true;
  };
  for (const word of ["{", '"name"', ":", '"']) {
    const ok = literal(word);
    if (ok !== true) return ok;
  }
  const start = i;
  while (i < text.length && text[i] !== '"') {
    // An escape or a line break in the name: read whole, by the JSON reader.
    if (text[i] === "\\" || text[i] === "\n") return false;
    i++;
  }
  if (i === text.length) return undefined;
  const name = text.slice(start, i);
  if (name === "") return false;
  i++;
  for (const word of [",", '"arguments"', ":"]) {
    const ok = literal(word);
    if (ok !== true) return ok;
  }
  return { name, end: i };
}
