import type { CompileIssue } from "../compile-errors.js";
import type { Dialect } from "../document.js";
import type { ProfileWriter } from "./writer.js";

/** The model profiles `compile` writes. */
export type ProfileName = "chatml" | "qwen1.5" | "qwen2" | "qwen2.5" | "qwen3" | "hermes" | "phi-4";

/** One call of an assistant's `tool_calls`, read and checked. */
export interface ProfileToolCall {
  /** JSON path of the call's function: `$.messages[2].tool_calls[0].function`. */
  readonly path: string;
  readonly name: string;
  /** As given: the API's JSON string, or an object (Hugging Face's convention). */
  readonly arguments: string | Readonly<Record<string, unknown>>;
  /** The arguments as an object (parsed, when given as a string). */
  readonly parsed: Readonly<Record<string, unknown>>;
}

/** A message as a profile writes it. */
export interface ProfileMessage {
  readonly index: number;
  /** JSON path of the message: `$.messages[2]`. */
  readonly path: string;
  readonly role: string;
  readonly content: string;
  /** An assistant's `reasoning_content`, when given. */
  readonly reasoning: string | undefined;
  /** An assistant's tool calls; empty when it calls none. */
  readonly toolCalls: readonly ProfileToolCall[];
}

/** A tool the request declares (`tools[i]`). */
export interface ProfileTool {
  /** JSON path of the entry: `$.tools[0]`. */
  readonly path: string;
  /** The whole entry, `{ type: "function", function: {...} }`, as the templates' `tojson` writes it. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly function: Readonly<Record<string, unknown>>;
  readonly name: string;
}

/** What a profile writes: the request read and checked. */
export interface ProfileRequest {
  readonly messages: readonly ProfileMessage[];
  /** The declared tools; undefined when the request has no `tools` member. */
  readonly tools: readonly ProfileTool[] | undefined;
  readonly addGenerationPrompt: boolean;
  /** Qwen3's `enable_thinking`; undefined when not given. */
  readonly enableThinking: boolean | undefined;
}

/** Where a profile's chat format comes from. */
export interface ProfileSource {
  /** The models whose chat template this is. */
  readonly models: readonly string[];
  /** Where the template was read, with its revision. */
  readonly template: string;
}

/** What a profile is, as plain data (the registry lists these). */
export interface ProfileInfo {
  readonly name: ProfileName;
  readonly dialect: Dialect;
  readonly summary: string;
  /** The system message written when the conversation has none. */
  readonly defaultSystemPrompt: string | undefined;
  /** The roles the template writes; undefined: any role. */
  readonly roles: readonly string[] | undefined;
  /** Declares tools and writes tool calls and tool results. */
  readonly tools: boolean;
  /** Writes assistants' `reasoning_content`. */
  readonly reasoning: boolean;
  /** Takes `enableThinking` (Qwen3's `enable_thinking`). */
  readonly thinkingSwitch: boolean;
  /**
   * The tags this format gives meaning to (`<tool_call>`, `</tool_response>`, `<think>`, ...):
   * written as text, yet read by the model as structure, so text that holds one can forge it.
   */
  readonly structuralTags: readonly string[];
  /**
   * The tokens the model ends its turn with (its generation config's end-of-sequence ids):
   * the stream parser stops at the first, and `parse` reads one that ends the text as the end of the turn.
   */
  readonly stopTokens: readonly string[];
  readonly source: ProfileSource;
}

/** What a tools system message declared, and what is left of the message (undefined: none). */
export interface ReadTools {
  readonly tools: Array<Record<string, unknown>>;
  readonly system: string | undefined;
  /** Where the tools' own text lies in the content, `[start, end)`: around it is the template's fixed text. */
  readonly declared: readonly [number, number];
}

/** How `parse` reads a profile's transcripts back, beyond its assistants' turns. */
export interface ProfileReading {
  /** The role of the messages that hold tool results as `<tool_response>` blocks; `tool` ones may end with a newline. */
  readonly toolResults?: "user" | "tool";
  /** The tools declared in the conversation's first message, a system message; undefined: not a tools message. */
  readonly readTools?: (content: string) => ReadTools | undefined;
}

/** A profile with its writer; `chatml` has none: compile's own v0 writer writes it. */
export interface Profile extends ProfileInfo {
  /** What the template cannot write, as issues (beyond the checks every profile shares). */
  readonly check?: (request: ProfileRequest, issues: CompileIssue[]) => void;
  readonly write?: (request: ProfileRequest, out: ProfileWriter) => void;
  readonly read?: ProfileReading;
}
