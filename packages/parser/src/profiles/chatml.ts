// ChatML v0, compile's own writer: any role, names and header attributes, both
// dialects, no tools; the default profile.
import { IM_END } from "../special-tokens.js";
import type { Profile } from "./types.js";

export const CHATML: Profile = {
  name: "chatml",
  dialect: "chatml",
  summary: "ChatML v0 as OpenAI documented it: role, name and text; no tools, no default system message",
  defaultSystemPrompt: undefined,
  roles: undefined,
  tools: false,
  reasoning: false,
  thinkingSwitch: false,
  structuralTags: [],
  stopTokens: [IM_END],
  source: {
    models: ["gpt-3.5-turbo-0301 (ChatML v0)", "any ChatML model"],
    template: "openai/openai-python chatml.md; the standard ChatML chat template",
  },
};
