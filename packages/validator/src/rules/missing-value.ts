// missing-value and invalid-value: what `render` (and `chatml render`) refuse in the values.
import { chatml, defineRule } from "./define.js";

export const rule = defineRule("missing-value", "error", "render", {
  category: "template",
  summary: "A placeholder with no value in the values given to `render`.",
  rationale:
    "A template rendered with a hole sends the model a prompt its author never wrote; `render` fills every placeholder or writes nothing.",
  fails: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", { template: true, values: {} }),
  passes: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", {
    template: true,
    values: { question: "Hi" },
  }),
});

export const invalidValue = defineRule("invalid-value", "error", "render", {
  category: "template",
  summary:
    "A value that is not text (an object, an array, null), or that breaks the template's declared schema (`type`, `maxLength`, `enum`, ...).",
  rationale:
    "Values are text, and a declared schema is the contract the budget rules count on: a value longer than its `maxLength` or outside its `enum` makes a prompt the worst-case count never saw.",
  details:
    "A schema's error names the value's JSON path and the schema keyword it breaks (`$.question: maxLength`). Numbers and booleans are written as text.",
  fails: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", {
    template: true,
    values: { question: "x".repeat(30) },
    variables: { type: "object", properties: { question: { type: "string", maxLength: 20 } } },
  }),
  passes: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", {
    template: true,
    values: { question: "Hi" },
    variables: { type: "object", properties: { question: { type: "string", maxLength: 20 } } },
  }),
});
