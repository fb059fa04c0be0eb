// compile with a model profile: the checks every profile shares (roles the
// template writes, fields it cannot carry, option combinations), then the
// profile's own checks and writer, then the cut of a continued final message.
import type { CompileIssue } from "../compile-errors.js";
import { ChatMLCompileError } from "../compile-errors.js";
import { type CheckedMessage, type ContentSpecials, checkInput } from "../compile-input.js";
import type { Dialect } from "../document.js";
import type { OwnerMark, SegmentOwner } from "../segment-owners.js";
import type { Profile, ProfileRequest } from "./types.js";
import { ProfileWriter } from "./writer.js";

/** The options compile passes on (the subset a profile reads). */
interface ProfileOptions {
  readonly dialect?: Dialect;
  readonly addGenerationPrompt?: boolean;
  readonly continueFinalMessage?: boolean | "reasoning";
  readonly generationRole?: string;
  readonly unknownKeys?: "error" | "ignore";
  readonly drop?: readonly ("tools" | "images")[];
  readonly enableThinking?: boolean;
}

interface Sink {
  special(token: string): void;
  text(text: string): void;
  owner?(owner: SegmentOwner): void;
}

/** Writes `input` in `profile`'s format to `sink`, or throws every issue found. */
export function writeProfile(
  profile: Profile,
  input: unknown,
  options: ProfileOptions,
  sink: Sink,
  contentSpecials: ContentSpecials,
): void {
  const checked = checkInput(input, options.unknownKeys ?? "error", contentSpecials, options.drop, {
    name: profile.name,
    tools: profile.tools,
    reasoning: profile.reasoning,
  });
  const issues = checked.issues;
  const option = (message: string) => issues.push({ code: "invalid-option", message, path: "options" });
  if (options.dialect !== undefined && options.dialect !== profile.dialect) {
    option(
      `the ${profile.name} profile writes the ${profile.dialect} dialect, not ${String(options.dialect)}`,
    );
  }
  const generationRole = options.generationRole ?? checked.generationRole;
  if (generationRole !== undefined && generationRole !== "assistant") {
    option(
      `the ${profile.name} profile's generation prompt is the assistant's; generationRole ${JSON.stringify(generationRole)} cannot be written`,
    );
  }
  if (options.enableThinking !== undefined && !profile.thinkingSwitch) {
    option(`the ${profile.name} profile has no thinking switch; enableThinking is for qwen3`);
  }
  const continueMode = options.continueFinalMessage ?? checked.continueFinalMessage ?? false;
  if (continueMode === "reasoning" && !profile.reasoning) {
    option(`the ${profile.name} profile writes no reasoning; continueFinalMessage "reasoning" is for qwen3`);
  }
  const continueFinal = continueMode !== false;
  const generation = options.addGenerationPrompt ?? checked.addGenerationPrompt ?? !continueFinal;
  if (continueFinal && generation) option("continueFinalMessage and addGenerationPrompt cannot both be set");
  const { messages } = checked;
  const final = messages[messages.length - 1];
  if (continueFinal && final === undefined)
    option("continueFinalMessage needs at least one message to continue");
  for (const message of messages) checkMessage(profile, message, issues);
  if (continueFinal && final !== undefined && final.toolCalls.length > 0) {
    issues.push({
      code: "invalid-option",
      message:
        "continueFinalMessage: the final message calls tools, so its content is not the end of it; continue a message without tool_calls",
      path: `${final.path}.tool_calls`,
      messageIndex: final.index,
    });
  }
  if (continueMode === "reasoning" && final !== undefined && final.role !== "assistant") {
    option(
      `continueFinalMessage "reasoning" continues an assistant's reasoning; the final message is ${JSON.stringify(final.role)}`,
    );
  }
  const request: ProfileRequest = {
    messages,
    tools: checked.tools,
    addGenerationPrompt: generation,
    enableThinking: options.enableThinking,
  };
  if (issues.length === 0) profile.check?.(request, issues);
  if (issues.length > 0) throw new ChatMLCompileError(issues);

  const out = new ProfileWriter();
  (profile.write as NonNullable<Profile["write"]>)(request, out);
  let end = out.pieces.length;
  if (continueFinal) {
    const at = continueMode === "reasoning" ? out.reasoningEnd : out.contentEnd;
    if (at === undefined) {
      throw new ChatMLCompileError([
        {
          code: "invalid-option",
          message: `continueFinalMessage "reasoning": the ${profile.name} template writes no reasoning block for the final message here (it keeps reasoning only after the last user query)`,
          path: "options",
        },
      ]);
    }
    end = at;
  }
  // The owner marks go out before the piece they start at; those past a continued message's cut do not.
  const { owners } = out;
  let mark = 0;
  for (let i = 0; i < end; i++) {
    while (mark < owners.length && (owners[mark] as OwnerMark).at <= i) {
      sink.owner?.((owners[mark] as OwnerMark).owner);
      mark++;
    }
    const piece = out.pieces[i] as string | { token: string };
    if (typeof piece === "string") sink.text(piece);
    else sink.special(piece.token);
  }
}

/** What every profile refuses: a role its template skips, and fields no template writes. */
function checkMessage(profile: Profile, message: CheckedMessage, issues: CompileIssue[]): void {
  const at = (key: string) => `${message.path}.${key}`;
  const messageIndex = message.index;
  if (profile.roles !== undefined && message.role !== "" && !profile.roles.includes(message.role)) {
    issues.push({
      code: "invalid-role",
      message: `the ${profile.name} template writes the roles ${profile.roles.join(", ")} and skips any other; role ${JSON.stringify(message.role)} would be lost`,
      path: at("role"),
      messageIndex,
      field: "role",
    });
  }
  // A tool result's name names the function; the templates do not write it.
  if (message.name !== undefined && message.role !== "tool") {
    issues.push({
      code: "unsupported-field",
      message: `the ${profile.name} template does not write a message's name`,
      path: at("name"),
      messageIndex,
      field: "name",
    });
  }
  if (message.attributes.length > 0) {
    issues.push({
      code: "unsupported-field",
      message: `header attributes are ChatML v0's; the ${profile.name} template does not write them`,
      path: at("attributes"),
      messageIndex,
      field: "attributes",
    });
  }
  if (message.toolCalls.length > 0 && message.role !== "assistant") {
    issues.push({
      code: "invalid-tool-call",
      message: "only an assistant message calls tools",
      path: at("tool_calls"),
      messageIndex,
    });
  }
  if (message.reasoning !== undefined && message.role !== "assistant") {
    issues.push({
      code: "unsupported-field",
      message: "reasoning_content is an assistant's; the template writes it for assistant messages only",
      path: at("reasoning_content"),
      messageIndex,
    });
  }
}
