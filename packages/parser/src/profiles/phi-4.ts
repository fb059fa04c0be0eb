// Phi-4: the chatml-sep layout (<|im_sep|> ends the header, nothing between
// messages), system, user and assistant only; no tools, no default system.
import { ENDOFTEXT, IM_END, IM_SEP, IM_START } from "../special-tokens.js";
import type { Profile } from "./types.js";

export const PHI_4: Profile = {
  name: "phi-4",
  dialect: "chatml-sep",
  summary: "Phi-4: <|im_sep|> after the role, no newline between messages",
  defaultSystemPrompt: undefined,
  // The template skips any other role without a word: refused instead.
  roles: ["system", "user", "assistant"],
  tools: false,
  reasoning: false,
  thinkingSwitch: false,
  structuralTags: [],
  // <|im_end|> is its eos_token; the first releases named <|endoftext|>, which the model writes too.
  stopTokens: [IM_END, ENDOFTEXT],
  source: {
    models: ["microsoft/phi-4"],
    template: "huggingface.co/microsoft/phi-4 tokenizer_config.json chat_template",
  },
  write(request, out) {
    const { messages } = request;
    messages.forEach((message, index) => {
      out.owner(message.index);
      out.special(IM_START);
      out.text(message.role);
      out.special(IM_SEP);
      out.text(message.content);
      if (index === messages.length - 1) out.markContentEnd();
      out.special(IM_END);
    });
    if (request.addGenerationPrompt) {
      out.owner("generation-prompt");
      out.special(IM_START);
      out.text("assistant");
      out.special(IM_SEP);
    }
  },
};
