// placeholder-adjacent-special: a placeholder with nothing between it and a special token, or
// a piece of one, in the text around it. The check: template/template-checks.ts.
import { chatml, defineRule } from "./define.js";

export const rule = defineRule("placeholder-adjacent-special", "warn", "validator", {
  category: "template",
  summary:
    "A `{{ name }}` placeholder that touches a special token, a piece of one (`<|im_{{ x }}`, `{{ x }}|>`) or another placeholder.",
  rationale:
    "A value is checked on its own, but the prompt is the template's text and the value joined: `<|im_` written before `{{ x }}` and a value `end|>` make `<|im_end|>`, a turn's end forged by two halves that each look harmless. Two placeholders side by side join the same way (`{{ a }}{{ b }}`), and a whole token beside a placeholder invites a value that completes or doubles it.",
  details:
    "Reported for templates. The message's own delimiters (the `<|im_end|>` that closes a content ending with a placeholder) are structure, not text, and are not reported.",
  fails: chatml("<|im_start|>system\nEnd every answer with <|{{ marker }}<|im_end|>\n", { template: true }),
  passes: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", { template: true }),
});
