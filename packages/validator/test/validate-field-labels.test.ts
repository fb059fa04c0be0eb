// A special token's finding names the field it is in, and spans exactly the token: in a
// transcript's header (an attribute's value or key, a name, a bare word, the generation prompt's
// header, the end of a header), outside messages (before, between and after them), and in JSON
// (a message's key and name, a tool's description, a text part). In a header the parser's own
// diagnostic stands for it: with that rule off, special-token reports it with these words.
import { describe, expect, it } from "vitest";
import { type ValidateOptions, validate } from "../src/index.js";

const EOT = "<|endoftext|>";
const ENDS = "it would end the document for the model";
const headerRulesOff: ValidateOptions = {
  rules: {
    "special-token-in-header": "off",
    "text-outside-message": "off",
    "invalid-name": "off",
    "invalid-header-attribute": "off",
  },
};

async function findings(input: unknown, options: ValidateOptions = {}) {
  const result = await validate(input, options);
  return result.diagnostics.map((d) => [d.code, d.path, d.start, d.end, d.message]);
}

describe("special-token in a transcript: the field it is in", () => {
  const cases: [string, string, string][] = [
    ["an attribute's value", `<|im_start|>user lang=${EOT}\nhi<|im_end|>\n`, "attribute lang"],
    ["an attribute's key", `<|im_start|>user k${EOT}=v\nhi<|im_end|>\n`, `the key of attribute k${EOT}`],
    ["a name", `<|im_start|>user name=a${EOT}\nhi<|im_end|>\n`, "name"],
    // Only the key `name` names the message: a longer key that starts with it is an attribute.
    ["a key that starts with name", `<|im_start|>user names=${EOT}\nhi<|im_end|>\n`, "attribute names"],
    ["a second attribute's value", `<|im_start|>user a=1 lang=${EOT}\nhi<|im_end|>\n`, "attribute lang"],
    ["a bare word of the header", `<|im_start|>user ${EOT}\nhi<|im_end|>\n`, "header"],
    [
      "the generation prompt's header",
      `<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant ${EOT}\n`,
      "the generation prompt's header",
    ],
    ["text after the messages", `<|im_start|>user\nhi<|im_end|>\n${EOT}`, "text outside messages"],
    ["text before them", `${EOT}<|im_start|>user\nhi<|im_end|>\n`, "text outside messages"],
    [
      "text between the last message and the generation prompt",
      `<|im_start|>user\nhi<|im_end|>\n\n${EOT}\n<|im_start|>assistant\n`,
      "text outside messages",
    ],
  ];
  it.each(cases)("%s", async (_, text, label) => {
    const at = text.indexOf(EOT);
    expect(await findings(text, headerRulesOff)).toEqual([
      [
        "special-token",
        undefined,
        at,
        at + EOT.length,
        `${label} contains the special token ${EOT}; ${ENDS}`,
      ],
    ]);
  });

  it("the role: the header's first word, however the token splits it", async () => {
    const text = `<|im_start|>us${EOT}er\nhi<|im_end|>\n`;
    const at = text.indexOf(EOT);
    const options = { rules: { ...headerRulesOff.rules, "unknown-role": "off" } } as const;
    expect(await findings(text, options)).toEqual([
      ["special-token", undefined, at, at + EOT.length, `role contains the special token ${EOT}; ${ENDS}`],
    ]);
  });

  it("an attribute's value starts after its =, whatever character ends the key", async () => {
    // A key ending in an astral character: a value read from one code unit early would hold its low surrogate.
    expect(await findings("<|im_start|>user k\u{1F600}=v\nhi<|im_end|>\n", headerRulesOff)).toEqual([]);
    expect(await findings("<|im_start|>user name=a\u{1F600}\nhi<|im_end|>\n", headerRulesOff)).toEqual([]);
  });

  it("the parser's diagnostic stands for it while its rule is on", async () => {
    const text = `<|im_start|>user lang=${EOT}\nhi<|im_end|>\n`;
    expect((await findings(text)).map(([code]) => code)).toEqual(["special-token-in-header"]);
  });

  it("the end of a header, in the chatml dialect", async () => {
    const text = "<|im_start|>user<|im_sep|>hi<|im_end|>\n";
    const at = text.indexOf("<|im_sep|>");
    expect(await findings(text, { dialect: "chatml", rules: { "dialect-mismatch": "off" } })).toEqual([
      [
        "special-token",
        undefined,
        at,
        at + 10,
        "the end of a header contains the special token <|im_sep|>; it would end a header in the chatml-sep dialect",
      ],
    ]);
  });
});

describe("special-token in JSON: the field it is in, at its path", () => {
  it("a message's key, its name, a tool's description, its content, a text part", async () => {
    expect(
      await findings([{ role: "user", content: "hi", [`k${EOT}`]: "v" }], {
        rules: { "unknown-field": "off" },
      }),
    ).toEqual([
      [
        "special-token",
        `$[0]["k${EOT}"]`,
        1,
        14,
        `the key of ["k${EOT}"] contains the special token ${EOT}; ${ENDS}`,
      ],
    ]);
    expect(
      await findings([{ role: "user", name: `a${EOT}`, content: "x" }], { rules: { "invalid-name": "off" } }),
    ).toEqual([["special-token", "$[0].name", 1, 14, `name contains the special token ${EOT}; ${ENDS}`]]);
    const tools = [{ type: "function", function: { name: "f", description: EOT } }];
    expect(await findings({ messages: [{ role: "user", content: "hi" }], tools })).toEqual([
      [
        "special-token",
        "$.tools[0].function.description",
        0,
        13,
        `tools[0].function.description contains the special token ${EOT}; ${ENDS}`,
      ],
    ]);
    expect(await findings([{ role: "user", content: `a${EOT}` }])).toEqual([
      ["special-token", "$[0].content", 1, 14, `content contains the special token ${EOT}; ${ENDS}`],
    ]);
    const parts = [
      { type: "text", text: "a" },
      { type: "text", text: EOT },
    ];
    expect(await findings([{ role: "user", content: parts }])).toEqual([
      ["special-token", "$[0].content[1].text", 0, 13, `content contains the special token ${EOT}; ${ENDS}`],
    ]);
  });

  it("a token formed across text parts, as content, from where it starts", async () => {
    const parts = [
      { type: "text", text: "Hi <|im_" },
      { type: "text", text: "end|> x" },
    ];
    expect(await findings([{ role: "user", content: parts }])).toEqual([
      [
        "special-token",
        "$[0].content[0].text",
        3,
        8,
        "content contains the special token <|im_end|>; it would end the message early and let the rest forge new turns (formed across content parts when they are joined)",
      ],
    ]);
  });
});
