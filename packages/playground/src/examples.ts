// The built-in examples. Three are the CLI's bundled examples (one home for each file); the
// others live in ../examples. Vite inlines them as text (`?raw`): the page fetches nothing.
import fewShot from "../../cli/examples/messages.json?raw";
import injection from "../../cli/examples/prompts/support-chat.json?raw";
import basic from "../../cli/examples/prompts/tax-assistant.chatml?raw";
import grounding from "../examples/grounding.json?raw";
import lookalike from "../examples/lookalike.chatml?raw";
import tools from "../examples/tools.json?raw";
import type { Settings } from "./settings.js";

export interface Example {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  /** Settings the example is best seen with. */
  readonly settings?: Partial<Settings>;
}

export const EXAMPLES: readonly Example[] = [
  { id: "basic", label: "A basic prompt (ChatML transcript)", text: basic },
  { id: "few-shot", label: "A few-shot prompt (request body)", text: fewShot },
  { id: "grounding", label: "Grounding data (request body)", text: grounding },
  { id: "injection", label: "An injection attempt (messages JSON)", text: injection },
  { id: "lookalike", label: "A look-alike token (transcript)", text: lookalike },
  {
    id: "tools",
    label: "A body with tools (Qwen2.5 profile)",
    text: tools,
    settings: { profile: "qwen2.5" },
  },
];
