// undeclared-variable and unused-variable: a template's placeholders against its declared
// variables (a `.vars.json` sidecar or the config). The checks: template/template-checks.ts.
import { chatml, defineRule } from "./define.js";

const DECLARED = {
  type: "object",
  properties: { question: { type: "string", maxLength: 2000 } },
};

export const rule = defineRule("undeclared-variable", "error", "validator", {
  category: "template",
  summary: "A placeholder whose variable the template's declared variables do not have.",
  rationale:
    "A misspelt placeholder (`{{ questoin }}`) is a value no caller passes: the render fails at run time, or a renderer that fills missing values with nothing sends a prompt with a hole. Declared variables also bound each value's size, which an undeclared one escapes.",
  details:
    "Reported when variables are declared: a sidecar named after the template plus `.vars.json` (`support.chatml.vars.json`) holding a JSON Schema object whose `properties` are the variables, or the config's `variables`, or `validate`'s `variables` option. A dotted placeholder (`{{ user.name }}`) is declared by a property `user.name` or by `user`'s own `properties.name`.",
  fails: chatml("<|im_start|>user\n{{ questoin }}<|im_end|>\n", { template: true, variables: DECLARED }),
  passes: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", { template: true, variables: DECLARED }),
});

export const unused = defineRule("unused-variable", "warn", "validator", {
  category: "template",
  summary: "A declared variable that no placeholder of the template uses.",
  rationale:
    "A variable the template never reads is a value callers compute and send for nothing, or the sign of a placeholder that was renamed or deleted: the prompt no longer says what its author meant it to.",
  details: "Reported when variables are declared, as `undeclared-variable` is; at the start of the template.",
  fails: chatml("<|im_start|>user\nHello<|im_end|>\n", { template: true, variables: DECLARED }),
  passes: chatml("<|im_start|>user\n{{ question }}<|im_end|>\n", { template: true, variables: DECLARED }),
});
