// Qwen3: tools as Qwen2.5 declares them (no default system message),
// reasoning in a <think> block, kept only for the assistant turns after the
// last user query, and `enableThinking: false` answered with an empty block.
import { IM_END, IM_START } from "../special-tokens.js";
import { toJson } from "./json.js";
import {
  QWEN_ROLES,
  QWEN_STOP_TOKENS,
  readToolsSystem,
  writePlain,
  writeToolCall,
  writeToolResult,
  writeToolsSystem,
} from "./qwen-tools.js";
import { REASONING_TAGS, THINK_CLOSE, THINK_OPEN, TOOL_TAGS } from "./tags.js";
import type { Profile, ProfileMessage } from "./types.js";

export const QWEN3: Profile = {
  name: "qwen3",
  dialect: "chatml",
  summary: "Qwen3: tools like Qwen2.5, <think> reasoning after the last user query, enableThinking",
  defaultSystemPrompt: undefined,
  roles: QWEN_ROLES,
  tools: true,
  reasoning: true,
  thinkingSwitch: true,
  structuralTags: [...TOOL_TAGS, ...REASONING_TAGS],
  stopTokens: QWEN_STOP_TOKENS,
  source: {
    models: ["Qwen3-*"],
    template:
      "ggml-org/llama.cpp models/templates/Qwen-Qwen3-0.6B.jinja@1eeb523c3e0c7ffbd59469f5463dcbdecba3535e",
  },
  read: { toolResults: "user", readTools: (content) => readToolsSystem(content, true) },
  write(request, out) {
    const { messages, tools } = request;
    const last = messages.length - 1;
    const first = messages[0];
    const ownSystem = first?.role === "system";
    if (tools !== undefined && tools.length > 0) {
      writeToolsSystem(
        out,
        ownSystem ? first.content : "",
        ownSystem ? first.index : "tools",
        tools,
        ownSystem && last === 0,
        ownSystem ? "\n\n" : "",
      );
    } else if (ownSystem) {
      writePlain(out, first, last === 0);
    }
    const lastQuery = lastQueryIndex(messages);
    for (const [index, message] of messages.entries()) {
      if (index === 0 && ownSystem) continue;
      if (message.role === "tool") {
        writeToolResult(out, messages, index);
        continue;
      }
      if (message.role !== "assistant") {
        writePlain(out, message, index === last);
        continue;
      }
      const { content, reasoning } = splitReasoning(message);
      out.owner(message.index);
      out.special(IM_START);
      // Reasoning is history the model no longer sees once a new query comes.
      if (index > lastQuery && (index === last || reasoning !== "")) {
        out.template(`assistant\n${THINK_OPEN}`);
        out.text(`\n${trimNewlines(reasoning)}`);
        if (index === last) out.markReasoningEnd();
        out.template(`\n${THINK_CLOSE}\n\n`);
        out.text(content.replace(LEADING_NEWLINES, ""));
      } else {
        out.text(`assistant\n${content}`);
      }
      if (index === last) out.markContentEnd();
      message.toolCalls.forEach((call, j) => {
        // The template writes a string as given, an object through tojson.
        const args = typeof call.arguments === "string" ? call.arguments : toJson(call.arguments);
        writeToolCall(out, j > 0 || content !== "" ? "\n" : "", call.name, args);
      });
      out.special(IM_END);
      out.text("\n");
    }
    if (request.addGenerationPrompt) {
      out.owner("generation-prompt");
      out.special(IM_START);
      out.template(request.enableThinking === false ? "assistant\n<think>\n\n</think>\n\n" : "assistant\n");
    }
  },
};

const LEADING_NEWLINES = /^\n+/;
const TRAILING_NEWLINES = /\n+$/;

function trimNewlines(text: string): string {
  return text.replace(LEADING_NEWLINES, "").replace(TRAILING_NEWLINES, "");
}

/**
 * The last user message that is a query, not tool output wrapped in
 * <tool_response>; the template keeps reasoning only after it.
 */
function lastQueryIndex(messages: readonly ProfileMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ProfileMessage;
    if (message.role !== "user") continue;
    const text = message.content;
    if (!(text.startsWith("<tool_response>") && text.endsWith("</tool_response>"))) return i;
  }
  return messages.length - 1;
}

/** `reasoning_content`, else reasoning written inline before `</think>` in the content, as the template reads it. */
function splitReasoning(message: ProfileMessage): { content: string; reasoning: string } {
  if (message.reasoning !== undefined) return { content: message.content, reasoning: message.reasoning };
  const text = message.content;
  const end = text.indexOf("</think>");
  if (end === -1) return { content: text, reasoning: "" };
  const parts = text.split("</think>");
  const content = (parts[parts.length - 1] as string).replace(LEADING_NEWLINES, "");
  const before = (parts[0] as string).replace(TRAILING_NEWLINES, "");
  const reasoning = (before.split("<think>").pop() as string).replace(LEADING_NEWLINES, "");
  return { content, reasoning };
}
