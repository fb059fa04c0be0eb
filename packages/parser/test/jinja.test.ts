// Cross-check against a peer: the standard ChatML chat template rendered by @huggingface/jinja.
import { Template } from "@huggingface/jinja";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, parse } from "../src/index.js";
import { content, plain, word } from "./arbitraries.js";

// The ChatML template as chat-model repositories ship it (Hermes, Qwen, Dolphin, ...).
const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const template = new Template(CHATML_TEMPLATE);

describe("cross-check with @huggingface/jinja", () => {
  it("compile writes the bytes the standard template renders, and parse reads them back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ role: word, content }), { maxLength: 6 }),
        fc.boolean(),
        (messages, addGenerationPrompt) => {
          const rendered = template.render({ messages, add_generation_prompt: addGenerationPrompt });
          expect(compile(messages, { addGenerationPrompt })).toBe(rendered);
          const back = parse(rendered);
          expect(back.diagnostics).toEqual([]);
          expect(plain(back.messages)).toEqual(messages);
          expect(back.addGenerationPrompt).toBe(addGenerationPrompt);
        },
      ),
      { numRuns: 500 },
    );
  });
});
