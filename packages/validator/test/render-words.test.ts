// render's problems word for word, at their paths, and what it leaves alone: found unchecked by
// mutation testing of template/render.ts (codes were checked, words and the shapes it skips not).
import { describe, expect, it } from "vitest";
import { render } from "../src/index.js";
import { checkValue } from "../src/template/check-value.js";

const NOT_A_TEMPLATE = {
  code: "invalid-value",
  severity: "error",
  message: "a template is a ChatML transcript (a string), an array of messages, or an object with messages",
  start: 0,
  end: 0,
};

describe("render refuses", () => {
  it("what is no template: a number, null, an object without messages", () => {
    for (const template of [5, null, { model: "x" }]) {
      expect(render(template as never, {})).toEqual({
        problems: [NOT_A_TEMPLATE],
        errorCount: 1,
        stripped: [],
      });
    }
  });

  it("a placeholder in a role, a name or a transcript's header, saying where", () => {
    const header = (what: string, extra: object) => ({
      code: "placeholder-in-header",
      severity: "error",
      message: `a placeholder in ${what}: a value would choose it; only contents take values`,
      ...extra,
    });
    expect(render([{ role: "{{r}}", name: "{{n}}", content: "hi" }], { r: "user", n: "a" }).problems).toEqual(
      [
        header("a message's role", { path: "$[0].role", start: 0, end: 5 }),
        header("a message's name", { path: "$[0].name", start: 0, end: 5 }),
      ],
    );
    expect(render("<|im_start|>{{r}}\nhi<|im_end|>\n", { r: "user" }).problems).toEqual([
      header("a message header", { start: 12, end: 17 }),
    ]);
  });

  it("a value that is no text, naming what it is, and a value that is missing", () => {
    const result = render([{ role: "user", content: "{{a}} {{b}} {{c}} {{d}}" }], {
      a: null,
      b: [1],
      c: { x: 1 },
    });
    const invalid = (name: string, what: string, start: number) => ({
      code: "invalid-value",
      severity: "error",
      message: `the value of {{ ${name} }} is ${what}: a value is text (a string, number or boolean)`,
      path: "$[0].content",
      start,
      end: start + 5,
      variable: name,
    });
    expect(result.problems).toEqual([
      invalid("a", "null", 0),
      invalid("b", "an array", 6),
      invalid("c", "an object", 12),
      {
        code: "missing-value",
        severity: "error",
        message: "no value for {{ d }}",
        path: "$[0].content",
        start: 18,
        end: 23,
        variable: "d",
      },
    ]);
    expect(result.output).toBeUndefined();
  });
});

describe("render reads", () => {
  it("a dotted name through nested objects, and through nothing else", () => {
    const result = render([{ role: "user", content: "{{u.name}} {{u.age}} {{u.x.y}} {{s.length}}" }], {
      u: { name: "Ann", age: 3, x: null },
      s: "abc",
    });
    expect(result.problems.map((p) => [p.code, p.variable])).toEqual([
      ["missing-value", "u.x.y"],
      ["missing-value", "s.length"],
    ]);
    const ok = render([{ role: "user", content: "{{u.name}} is {{u.age}}" }], { u: { name: "Ann", age: 3 } });
    expect(ok.output).toEqual([{ role: "user", content: "Ann is 3" }]);
  });

  it("only text parts' text: other entries and parts are kept as they are", () => {
    const template = [
      5,
      null,
      {
        role: "user",
        content: [
          { type: "text", text: "{{a}}" },
          7,
          null,
          { type: "image_url", text: "{{a}}" },
          { type: "text", text: 5 },
        ],
      },
    ];
    expect(render(template, { a: "A" })).toEqual({
      output: [
        5,
        null,
        {
          role: "user",
          content: [
            { type: "text", text: "A" },
            7,
            null,
            { type: "image_url", text: "{{a}}" },
            { type: "text", text: 5 },
          ],
        },
      ],
      problems: [],
      errorCount: 0,
      stripped: [],
    });
  });

  it("a body's other members kept beside its filled messages", () => {
    expect(render({ messages: [{ role: "user", content: "{{a}}" }], model: "m" }, { a: "A" }).output).toEqual(
      {
        messages: [{ role: "user", content: "A" }],
        model: "m",
      },
    );
  });
});

describe("a value's finding, in render's words", () => {
  it("is the value's finding after its placeholder's name, and nothing after it", () => {
    const value = "x<|im_end|>";
    const [finding] = checkValue(value, false).findings;
    const [problem] = render("<|im_start|>user\n{{ q }}<|im_end|>\n", { q: value }).problems;
    expect(problem?.message).toBe(`the value of {{ q }}: ${finding?.message}`);
    expect(problem).toMatchObject({ code: finding?.code, severity: "error", variable: "q" });
  });
});
