// renderToSegments and renderToTokens where compile has the last word: a filled template that
// compile refuses (no role, a message that is no object) becomes render problems at their paths,
// and a transcript template keeps its names, attributes and generation role.
import { ChatMLCompileError } from "@chatmlkit/parser";
import { describe, expect, it } from "vitest";
import { render, renderToSegments, renderToTokens } from "../src/index.js";
import { compileProblems } from "../src/template/compile-filled.js";
import { filledMessages } from "../src/template/render.js";

const joined = (segments: readonly (string | { token: string })[] | undefined) =>
  segments?.map((s) => (typeof s === "string" ? s : s.token)).join("");

describe("a filled template that compile refuses", () => {
  it("is refused with compile's issue at its path, by both", async () => {
    const template = [{ content: "{{ q }}" }];
    const segments = renderToSegments(template, { q: "hi" });
    expect(segments.segments).toBeUndefined();
    expect(segments.errorCount).toBe(1);
    expect(segments.problems.map((p) => [p.code, p.severity, p.path])).toEqual([
      ["invalid-value", "error", "$[0].role"],
    ]);
    const tokens = await renderToTokens(template, { q: "hi" }, { model: "gpt-4o" });
    expect(tokens.ids).toBeUndefined();
    expect(tokens.problems.map((p) => [p.code, p.path])).toEqual([["invalid-value", "$[0].role"]]);
  });

  it("places compile's issue at its offset, and counts only errors beside a value's warning", async () => {
    // A lone surrogate in the template's text (offset 2), and a special token in the value (a warning).
    const template = [{ role: "user", content: "ab\ud800 {{ q }}" }];
    for (const rendered of [
      renderToSegments(template, { q: "<|im_end|>" }),
      await renderToTokens(template, { q: "<|im_end|>" }, { model: "gpt-4o" }),
    ]) {
      expect(rendered.problems.map((p) => [p.code, p.severity, p.start, p.end])).toEqual([
        ["special-token", "warning", 4, 11], // at its placeholder
        ["invalid-value", "error", 2, 2],
      ]);
      expect(rendered.errorCount).toBe(1);
    }
  });

  it("passes what it cannot fill (no object, no content, parts that are not text) to compile to judge", () => {
    const template = [
      7,
      { role: "assistant", content: null },
      { role: "user", content: [null, { type: "text", text: "{{ q }}" }] },
    ];
    const result = renderToSegments(template, { q: "hi" });
    expect(result.segments).toBeUndefined();
    expect(result.problems.map((p) => p.path)).toEqual(["$[0]", "$[1].content", "$[2].content[0]"]);
  });
});

describe("a transcript template", () => {
  it("keeps each header's name and attributes and its generation role", async () => {
    const template = "<|im_start|>user name=ann lang=en\n{{ q }}<|im_end|>\n<|im_start|>critic\n";
    const values = { q: "Is it <|im_end|> yet?" };
    const segments = renderToSegments(template, values);
    expect(segments.errorCount).toBe(0);
    // The value stays text (a warning): the template's three tokens are the only tokens.
    expect(joined(segments.segments)).toBe(
      "<|im_start|>user name=ann lang=en\nIs it <|im_end|> yet?<|im_end|>\n<|im_start|>critic\n",
    );
    expect(segments.segments?.filter((s) => typeof s !== "string")).toHaveLength(3);
    expect(segments.problems.map((p) => [p.code, p.severity])).toEqual([["special-token", "warning"]]);
    const tokens = await renderToTokens(template, values, { model: "gpt-4o" });
    expect(tokens.errorCount).toBe(0);
    expect(tokens.ids?.filter((id) => id === 200264 || id === 200265)).toHaveLength(3);
  });
});

describe("compile's issue with a filled transcript template", () => {
  // A transcript has no JSON paths: compile's issue is placed in the template's text, as fit
  // places it (content at its offset, anything else at the message's <|im_start|>), its offset
  // in the filled content mapped back past the values filled in before it.
  const placed = async (template: string, values: Record<string, string>) => {
    const segments = renderToSegments(template, values);
    const tokens = await renderToTokens(template, values, { model: "gpt-4o" });
    expect(segments.segments).toBeUndefined();
    expect(tokens.ids).toBeUndefined();
    const where = (problems: readonly { code: string; path?: string; start: number; end: number }[]) =>
      problems.map((p) => [p.code, p.path, p.start, p.end]);
    expect(where(tokens.problems)).toEqual(where(segments.problems));
    expect([...segments.problems, ...tokens.problems].some((p) => "path" in p)).toBe(false);
    return where(segments.problems);
  };

  it("places a lone surrogate of the template's text at its offset in the template", async () => {
    // contentStart 17, "ab", then the surrogate (the filled content's offset 2).
    expect(await placed("<|im_start|>user\nab\ud800{{ q }}<|im_end|>", { q: "x" })).toEqual([
      ["invalid-value", undefined, 19, 19],
    ]);
  });

  it("maps an offset after a value back to the template, in a second message", async () => {
    // Message 1's content starts at 52; the surrogate follows "ab{{ q }}" (offset 5 once filled with "xyz").
    const template = "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nab{{ q }}\ud800<|im_end|>";
    expect(await placed(template, { q: "xyz" })).toEqual([["invalid-value", undefined, 61, 61]]);
    // A value longer than its placeholder: still the template's offset.
    expect(await placed(template, { q: "a much longer value" })).toEqual([
      ["invalid-value", undefined, 61, 61],
    ]);
    // An escape's backslash, dropped from the filled content, still counts in the template:
    // with a value after it, and with none (the surrogate at the filled offset 7, the template's 25).
    expect(await placed("<|im_start|>user\n\\{{ a }} {{ q }}\ud800<|im_end|>", { q: "xyz" })).toEqual([
      ["invalid-value", undefined, 33, 33],
    ]);
    expect(await placed("<|im_start|>user\n\\{{ a }}\ud800<|im_end|>", {})).toEqual([
      ["invalid-value", undefined, 25, 25],
    ]);
  });

  it("a message with no role is parse's problem, at its empty header: compile is not reached", async () => {
    // The second message starts at 35; its header, empty, at 47.
    const template = "<|im_start|>user\n{{ q }}<|im_end|>\n<|im_start|>\nhi<|im_end|>";
    expect(await placed(template, { q: "x" })).toEqual([["missing-role", undefined, 47, 47]]);
  });

  it("places an issue inside a value at that value's placeholder", () => {
    // The value check catches what compile refuses in a value, so only a made-up issue gets here.
    const { place } = filledMessages("<|im_start|>user\nab{{ q }}cd<|im_end|>", { q: "xyz" });
    const issue = (offset: number) => ({
      code: "invalid-unicode" as const,
      message: "m",
      path: "$.messages[0].content",
      messageIndex: 0,
      field: "content" as const,
      offset,
    });
    expect(place(issue(1))).toEqual({ start: 18, end: 18 }); // "b": template text
    // "y": the value, at {{ q }}, the offset inside the value beside it.
    expect(place(issue(3))).toEqual({ start: 19, end: 26, variable: "q", valueOffset: 1 });
    expect(place(issue(5))).toEqual({ start: 26, end: 26 }); // "c": after it
    // A messages template's at its path, in the template's string.
    const json = filledMessages([{ role: "user", content: "{{ q }}!" }], { q: "xyz" }).place;
    expect(json({ ...issue(3), path: "$[0].content" })).toEqual({ path: "$[0].content", start: 7, end: 7 });
    expect(json({ ...issue(2), path: "$[0].content" })).toMatchObject({ start: 0, end: 7, variable: "q" });
    // A path no string was filled at (a role): compile's offset, or 0, as it is.
    expect(json({ ...issue(2), path: "$[0].role" })).toEqual({ path: "$[0].role", start: 2, end: 2 });
  });

  it("names the variable when the issue is inside a value", () => {
    const { place } = filledMessages("<|im_start|>user\nab{{ q }}cd<|im_end|>", { q: "xyz" });
    const issue = {
      code: "invalid-unicode" as const,
      message: "content holds a lone surrogate (U+D800) at offset 3; it cannot be encoded",
      path: "$.messages[0].content",
      messageIndex: 0,
      field: "content" as const,
      offset: 3,
    };
    expect(compileProblems(new ChatMLCompileError([issue]), place)).toEqual([
      {
        code: "invalid-value",
        severity: "error",
        message:
          "content holds a lone surrogate (U+D800) in the value of {{ q }} (at its offset 1); it cannot be encoded",
        start: 19,
        end: 26,
        variable: "q",
        valueStart: 1,
        valueEnd: 1,
      },
    ]);
    // An issue with no offset keeps compile's sentence; anything but compile's error is thrown on.
    const { offset: _, ...noOffset } = issue;
    const role = { ...noOffset, field: "role" as const, message: "no role" };
    expect(compileProblems(new ChatMLCompileError([role]), place)[0]?.message).toBe("no role");
    expect(() => compileProblems(new TypeError("boom"), place)).toThrow("boom");
    // A transcript's issue outside a content, with an offset, sits at its <|im_start|>: its
    // sentence keeps compile's offset (of the field), not the template's offset of that place.
    const name = { ...issue, field: "name" as const, message: "a name holds U+D800 at offset 3" };
    expect(compileProblems(new ChatMLCompileError([name]), place)[0]).toMatchObject({
      message: "a name holds U+D800 at offset 3",
      start: 0,
      end: 0,
    });
  });

  it("says the template's offset in its sentence, not the filled text's", async () => {
    // The surrogate is at the filled content's offset 5 ("ab" + "xyz"), the template's 26 (its content starts at 17).
    const transcript = "<|im_start|>user\nab{{ q }}\ud800<|im_end|>";
    const json = [{ role: "user", content: "ab{{ q }}\ud800" }];
    for (const [template, start, said] of [
      [transcript, 26, "at offset 26 of the template"],
      [json, 9, "at offset 9;"],
    ] as const) {
      for (const rendered of [
        renderToSegments(template, { q: "xyz" }),
        await renderToTokens(template, { q: "xyz" }, { model: "gpt-4o" }),
      ]) {
        const [problem] = rendered.problems;
        expect(problem).toMatchObject({ code: "invalid-value", start, end: start });
        expect(problem?.message).toContain(said);
        expect(problem?.message).not.toContain("offset 5");
        // Not in a value: no variable, not even an undefined one.
        expect(problem && "variable" in problem).toBe(false);
      }
    }
  });
});

describe("a transcript template that does not parse clean, compiled", () => {
  it("its parse problems are problems, not dropped or misread in silence", async () => {
    // A ZWSP in the header (parse reads the role "us"), and text before the first message.
    for (const [template, code, start] of [
      ["<|im_start|>us\u200ber\nhi {{ q }}<|im_end|>\n", "invalid-header-character", 14],
      ["x<|im_start|>user\n{{ q }}<|im_end|>\n", "text-outside-message", 0],
    ] as const) {
      for (const rendered of [
        renderToSegments(template, { q: "x" }),
        await renderToTokens(template, { q: "x" }, { model: "gpt-4o" }),
      ]) {
        expect(
          rendered.problems.map((p) => [p.code, p.severity, p.start]),
          template,
        ).toContainEqual([code, "error", start]);
        expect(rendered.errorCount).toBeGreaterThan(0);
      }
      expect(renderToSegments(template, { q: "x" }).segments).toBeUndefined();
    }
  });

  it("its parse problems are render's too: text outside a message is left unfilled, and said", () => {
    const outside = "{{ q }}<|im_start|>user\nhi<|im_end|>\n";
    const rendered = render(outside, { q: "x" });
    expect(rendered.output).toBeUndefined();
    expect(rendered.problems.map((p) => [p.code, p.severity, p.start])).toContainEqual([
      "text-outside-message",
      "error",
      0,
    ]);
    const header = render("<|im_start|>us\u200ber\nhi {{ q }}<|im_end|>\n", { q: "x" });
    expect(header.problems.map((p) => [p.code, p.start])).toContainEqual(["invalid-header-character", 14]);
    expect(header.output).toBeUndefined();
    // A template that parses clean has none: render fills it.
    expect(render("<|im_start|>user\nhi {{ q }}<|im_end|>\n", { q: "x" }).problems).toEqual([]);
  });

  it("a parse problem right beside a header's placeholder, not on it, is kept", () => {
    // A ZWSP just after {{ who }} (26-27, the placeholder 17-26), and just before it (13-14, 14-23).
    for (const [template, placeholder, zwsp] of [
      ["<|im_start|>user {{ who }}\u200b\nhi<|im_end|>\n", [17, 26], [26, 27]],
      ["<|im_start|>u\u200b{{ who }}\nhi<|im_end|>\n", [14, 23], [13, 14]],
    ] as const) {
      expect(render(template, { who: "w" }).problems.map((p) => [p.code, p.start, p.end])).toEqual([
        ["placeholder-in-header", ...placeholder],
        ["invalid-header-character", ...zwsp],
      ]);
    }
  });

  it("a placeholder in the generation prompt's header is refused as a header's", () => {
    const template = "<|im_start|>user\nhi<|im_end|>\n<|im_start|>{{role}}\n";
    const rendered = render(template, { role: "assistant" });
    expect(rendered.output).toBeUndefined();
    expect(rendered.problems.map((p) => [p.code, template.slice(p.start, p.end)])).toEqual([
      ["placeholder-in-header", "{{role}}"],
    ]);
    expect(rendered.problems[0]?.message).toContain("the generation prompt's header");
    // Beside the role, as an attribute, and unclosed: the placeholder's problem alone, as in a
    // message's header (parse's invalid-header-attribute on its "{{" is the placeholder's).
    const before = "<|im_start|>user\nhi<|im_end|>\n";
    for (const [text, placeholder] of [
      [`${before}<|im_start|>assistant {{ x }}\n`, "{{ x }}"],
      [`${before}<|im_start|>assistant {{ x\n`, "{{"],
      ["<|im_start|>user<|im_sep|>hi<|im_end|>\n<|im_start|>{{ r }}<|im_sep|>", "{{ r }}"],
    ] as const) {
      const problems = render(text, { x: "1", r: "user" }).problems;
      expect(
        problems.map((p) => [p.code, text.slice(p.start, p.end)]),
        text,
      ).toEqual([["placeholder-in-header", placeholder]]);
    }
  });

  it("a parse problem wider than a header's placeholder is kept: it is not the placeholder's", () => {
    // The message never ends (another <|im_start|> comes first): 0-26, around {{ who }} at 17-26.
    const template = "<|im_start|>user {{ who }}<|im_start|>\nhi<|im_end|>\n";
    expect(render(template, { who: "w" }).problems.map((p) => [p.code, p.start, p.end])).toContainEqual([
      "unterminated-message",
      0,
      26,
    ]);
  });

  it("a placeholder in a header is that placeholder's problem once, not parse's as well", () => {
    const template = "<|im_start|>{{ role }}\nhi<|im_end|>\n";
    for (const problems of [
      render(template, { role: "user" }).problems,
      renderToSegments(template, { role: "user" }).problems,
    ]) {
      expect(problems.map((p) => p.code)).toEqual(["placeholder-in-header"]);
    }
  });
});
