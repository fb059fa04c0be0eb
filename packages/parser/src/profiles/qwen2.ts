// Qwen1.5 and Qwen2: plain ChatML, with a default system message when the
// conversation does not start with one. Their templates declare no tools
// (Qwen-Agent writes its own prompt) and write no reasoning.
import { IM_END, IM_START } from "../special-tokens.js";
import { QWEN_STOP_TOKENS } from "./qwen-tools.js";
import type { Profile, ProfileRequest } from "./types.js";
import type { ProfileWriter } from "./writer.js";

function qwenPlain(name: "qwen1.5" | "qwen2", system: string, models: string[], template: string): Profile {
  return {
    name,
    dialect: "chatml",
    summary: `${models.join(", ")}: ChatML with the default system message "${system}"`,
    defaultSystemPrompt: system,
    roles: undefined,
    tools: false,
    reasoning: false,
    thinkingSwitch: false,
    structuralTags: [],
    stopTokens: QWEN_STOP_TOKENS,
    source: { models, template },
    write(request: ProfileRequest, out: ProfileWriter) {
      const { messages } = request;
      // The template adds the default inside its loop: an empty conversation gets none.
      if (messages.length > 0 && messages[0]?.role !== "system") {
        out.owner("system-prompt");
        out.special(IM_START);
        out.text(`system\n${system}`);
        out.special(IM_END);
        out.text("\n");
      }
      messages.forEach((message, index) => {
        out.owner(message.index);
        out.special(IM_START);
        out.text(`${message.role}\n${message.content}`);
        if (index === messages.length - 1) out.markContentEnd();
        out.special(IM_END);
        out.text("\n");
      });
      if (request.addGenerationPrompt) {
        out.owner("generation-prompt");
        out.special(IM_START);
        out.text("assistant\n");
      }
    },
  };
}

export const QWEN1_5 = qwenPlain(
  "qwen1.5",
  "You are a helpful assistant",
  ["Qwen1.5-*-Chat"],
  "huggingface.co/Qwen/Qwen1.5-7B-Chat tokenizer_config.json chat_template",
);

export const QWEN2 = qwenPlain(
  "qwen2",
  "You are a helpful assistant.",
  ["Qwen2-*-Instruct"],
  "huggingface.co/Qwen/Qwen2-7B-Instruct tokenizer_config.json chat_template",
);
