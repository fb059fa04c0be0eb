import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, source } from "../src/parse.js";
import { scanPlaceholders } from "../src/template/placeholders.js";

const names = (text: string) => scanPlaceholders(text).placeholders.map((p) => p.name);
const codes = (text: string) =>
  scanPlaceholders(text).problems.map((p) => [p.code, text.slice(p.start, p.end)]);

describe("scanPlaceholders", () => {
  it("finds {{ name }} with or without spaces, dotted names, at their offsets", () => {
    expect(names("Hi {{name}}, {{ user.first_name }} and {{\tx_1\n}}")).toEqual([
      "name",
      "user.first_name",
      "x_1",
    ]);
    const [p] = scanPlaceholders("Dear {{ user.name }}!").placeholders;
    expect(p).toEqual({ name: "user.name", start: 5, end: 20, nameStart: 8, nameEnd: 17 });
    expect(scanPlaceholders("a {{b}} c").problems).toEqual([]);
  });

  it("reads \\{{, \\{% and \\{# as text, the backslash marked for removal", () => {
    const scan = scanPlaceholders("code: \\{{ not }} and \\{% raw %} {{ real }}");
    expect(scan.placeholders.map((p) => p.name)).toEqual(["real"]);
    expect(scan.escapes).toEqual([6, 21]);
    expect(scan.problems).toEqual([]);
  });

  it("leaves single braces, JSON and code alone", () => {
    for (const text of ['{"a": {"b": 1}}', "function f() { return {}; }", "}} {", "{", "}{ {x} {"]) {
      expect(scanPlaceholders(text), text).toEqual({ placeholders: [], escapes: [], problems: [] });
    }
  });

  it("reports what computes, with its place, and never reads it as a placeholder", () => {
    expect(codes("{% if vip %}Hello{% endif %}")).toEqual([
      ["unsupported-template-syntax", "{% if vip %}"],
      ["unsupported-template-syntax", "{% endif %}"],
    ]);
    expect(codes("{# a note #}")).toEqual([["unsupported-template-syntax", "{# a note #}"]]);
    expect(codes("{{ name | upper }}")).toEqual([["unsupported-template-syntax", "| upper "]]);
    expect(codes("{{- name -}}")).toEqual([["unsupported-template-syntax", "{{- name -}}"]]);
    expect(codes("{{{ name }}}")).toEqual([["unsupported-template-syntax", "{{{ name }}}"]]);
    expect(codes("{{ a + b }} {{ }} {{ 'x' }} {{ 1st }}")).toEqual([
      ["invalid-placeholder", "{{ a + b }}"],
      ["invalid-placeholder", "{{ }}"],
      ["invalid-placeholder", "{{ 'x' }}"],
      ["invalid-placeholder", "{{ 1st }}"],
    ]);
    expect(codes("text {{ name")).toEqual([["invalid-placeholder", "{{"]]);
    expect(codes("{% if x")).toEqual([["unsupported-template-syntax", "{% if x"]]);
    for (const text of ["{{ name | upper }}", "{{- name -}}", "{% if %}", "{{ a b }}"]) {
      expect(names(text), text).toEqual([]);
    }
    expect(scanPlaceholders("{{ name | upper }}").problems[0]?.message).toBe(
      "a filter (|upper) is not supported: values are filled in as given",
    );
  });

  // Found by mutation testing: the edges each check decides, and the words the user reads.
  it("reads \\r as a space, one-sided whitespace control, a triple brace's end and each problem's words", () => {
    expect(names("{{\rname\r}}")).toEqual(["name"]);
    expect(codes("{{- name }}")).toEqual([["unsupported-template-syntax", "{{- name }}"]]);
    expect(codes("{{ name -}}")).toEqual([["unsupported-template-syntax", "{{ name -}}"]]);
    expect(codes("{{{ a }}}x")).toEqual([["unsupported-template-syntax", "{{{ a }}}"]]);
    expect(codes("{{{ a }}x")).toEqual([["unsupported-template-syntax", "{{{ a }}"]]);
    const message = (text: string) => scanPlaceholders(text).problems.map((p) => p.message);
    expect(message("{% if x")[0]).toContain("a {% ... %} block, unterminated, is not supported");
    expect(message("{% if x %}")[0]).toMatch(/^a \{% \.\.\. %\} block is not supported/);
    expect(message("{# a")[0]).toContain("a {# ... #} comment, unterminated, is not supported");
    expect(message("{{ a b }}")[0]).toMatch(/^"a b" is not a variable name: /);
    expect(message("{{  }}")[0]).toMatch(/^an empty placeholder: /);
    expect(scanPlaceholders("{{ name | upper }}").problems[0]).toMatchObject({ start: 8, end: 16 });
    // A one-letter name before a filter: the name ends at the bar, not before the name starts.
    expect(codes("{{ x | upper }}")).toEqual([["unsupported-template-syntax", "| upper "]]);
    expect(codes("{{x|upper}}")).toEqual([["unsupported-template-syntax", "|upper"]]);
  });

  it("says every {{ without }}, each once, in time linear in their number", () => {
    // Each unclosed {{ must not search to the end again: 200,000 of them, one problem each.
    const text = "{{ ".repeat(200_000);
    const scan = scanPlaceholders(text);
    expect(scan.problems).toHaveLength(200_000);
    expect(scan.problems.every((p) => p.code === "invalid-placeholder")).toBe(true);
  });

  it("on any text: spans in order, inside the text, never overlapping; what is not a span is text", () => {
    const piece = fc.constantFrom(
      "{{",
      "}}",
      "{%",
      "%}",
      "{#",
      "#}",
      "\\",
      "{",
      "}",
      " ",
      "|",
      "-",
      "a",
      "b.c",
      "\n",
      "x",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((parts) => parts.join("")),
        (text) => {
          const scan = scanPlaceholders(text);
          const spans = [
            ...scan.placeholders.map((p) => [p.start, p.end] as const),
            ...scan.problems.map((p) => [p.start, p.end] as const),
          ].sort((a, b) => a[0] - b[0]);
          let last = 0;
          for (const [start, end] of spans) {
            expect(start).toBeGreaterThanOrEqual(last);
            expect(end).toBeGreaterThan(start);
            expect(end).toBeLessThanOrEqual(text.length);
            last = end;
          }
          for (const p of scan.placeholders) {
            expect(text.slice(p.nameStart, p.nameEnd)).toBe(p.name);
            expect(text.slice(p.start, p.start + 2)).toBe("{{");
            expect(text.slice(p.end - 2, p.end)).toBe("}}");
          }
          for (const e of scan.escapes) expect(text[e]).toBe("\\");
          // A text with no {{, {% or {# has nothing to report.
          if (!/\{[{%#]/.test(text)) expect(spans).toEqual([]);
        },
      ),
      { numRuns: 2000, seed: 42 },
    );
  });
});

describe("parse(text, { placeholders: true })", () => {
  it("gives the contents' placeholders as nodes with spans into the text, and leaves the document as without it", () => {
    const text = "<|im_start|>system\nBe {{ tone }}.<|im_end|>\n<|im_start|>user\n{{q}}<|im_end|>\n";
    const read = parse(text, { placeholders: true });
    expect(read.placeholders?.map((p) => [p.name, text.slice(p.start, p.end), p.messageIndex])).toEqual([
      ["tone", "{{ tone }}", 0],
      ["q", "{{q}}", 1],
    ]);
    const { placeholders: _, ...rest } = read;
    expect(rest).toEqual(parse(text));
    expect(parse(text).placeholders).toBeUndefined();
  });

  it("reports a placeholder in a header, and template problems, among the parser's diagnostics in text order", () => {
    const text = "<|im_start|>{{who}}\n{% if x %}<|im_end|>\n<|im_end|>\n";
    const codes = parse(text, { placeholders: true }).diagnostics.map((d) => [
      d.code,
      text.slice(d.start, d.end),
    ]);
    expect(codes).toEqual([
      ["placeholder-in-header", "{{who}}"],
      ["unsupported-template-syntax", "{% if x %}"],
      ["stray-im-end", "<|im_end|>"],
    ]);
  });

  it("with a profile too: offsets are the text's", () => {
    const text = "Hello {{ name }}<|im_end|>";
    const read = parse(text, { profile: "qwen3", placeholders: true });
    const [p] = read.placeholders ?? [];
    expect(p && text.slice(p.start, p.end)).toBe("{{ name }}");
  });

  it("is lossless and places every node inside its message's content, for any text", () => {
    const piece = fc.constantFrom(
      "{{ a }}",
      "{{",
      "}}",
      "\\{{ b }}",
      "{% c %}",
      "<|im_start|>user\n",
      "<|im_end|>\n",
      "x",
      "\n",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        const read = parse(text, { placeholders: true });
        expect(source(read)).toBe(text);
        for (const p of read.placeholders ?? []) {
          const span = read.messages[p.messageIndex]?.span;
          expect(span !== undefined && span.contentStart <= p.start && p.end <= span.contentEnd).toBe(true);
          expect(text.slice(p.nameStart, p.nameEnd)).toBe(p.name);
        }
      }),
    );
  });
});
