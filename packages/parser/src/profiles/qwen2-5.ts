// Qwen2.5-Instruct: the default system message "You are Qwen, created by
// Alibaba Cloud. ...", tools declared in it, <tool_call> blocks, tool results
// as <tool_response> blocks in a user message.
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
import { TOOL_TAGS } from "./tags.js";
import type { Profile } from "./types.js";

const DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

export const QWEN2_5: Profile = {
  name: "qwen2.5",
  dialect: "chatml",
  summary:
    "Qwen2.5-Instruct: default system message, tools in the system message, <tool_call> and <tool_response>",
  defaultSystemPrompt: DEFAULT_SYSTEM,
  roles: QWEN_ROLES,
  tools: true,
  reasoning: false,
  thinkingSwitch: false,
  structuralTags: TOOL_TAGS,
  stopTokens: QWEN_STOP_TOKENS,
  source: {
    models: ["Qwen2.5-*-Instruct"],
    template:
      "ggml-org/llama.cpp models/templates/Qwen-Qwen2.5-7B-Instruct.jinja@1eeb523c3e0c7ffbd59469f5463dcbdecba3535e",
  },
  read: { toolResults: "user", readTools: (content) => readToolsSystem(content, false) },
  write(request, out) {
    const { messages, tools } = request;
    const last = messages.length - 1;
    const first = messages[0];
    const ownSystem = first?.role === "system";
    const system = ownSystem ? first.content : DEFAULT_SYSTEM;
    const systemOwner = ownSystem ? first.index : "system-prompt";
    if (tools !== undefined && tools.length > 0) {
      writeToolsSystem(out, system, systemOwner, tools, ownSystem && last === 0, "\n\n");
    } else {
      out.owner(systemOwner);
      out.special(IM_START);
      out.text(`system\n${system}`);
      if (ownSystem && last === 0) out.markContentEnd();
      out.special(IM_END);
      out.text("\n");
    }
    for (const [index, message] of messages.entries()) {
      if (index === 0 && ownSystem) continue;
      if (message.role === "tool") {
        writeToolResult(out, messages, index);
        continue;
      }
      if (message.role !== "assistant" || message.toolCalls.length === 0) {
        writePlain(out, message, index === last);
        continue;
      }
      out.owner(message.index);
      out.special(IM_START);
      out.text(message.content === "" ? "assistant" : `assistant\n${message.content}`);
      if (index === last) out.markContentEnd();
      // The template writes `arguments | tojson`: a string would be encoded a
      // second time, which the model never saw; the string's JSON is written as the object's.
      for (const call of message.toolCalls) writeToolCall(out, "\n", call.name, toJson(call.parsed));
      out.special(IM_END);
      out.text("\n");
    }
    if (request.addGenerationPrompt) {
      out.owner("generation-prompt");
      out.special(IM_START);
      out.text("assistant\n");
    }
  },
};
