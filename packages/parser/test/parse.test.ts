import { describe, expect, it } from "vitest";
import { LineIndex, parse, source } from "../src/index.js";

describe("parse", () => {
  it("never throws on non-string input from untyped callers", () => {
    const result = parse(42 as never);
    expect(result.messages).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ code: "internal-error", severity: "error" });
  });

  it("rejects an unknown dialect option with a diagnostic, still lossless", () => {
    const text = "<|im_start|>user\nHi<|im_end|>";
    const result = parse(text, { dialect: "phi" as never });
    expect(result.diagnostics[0]?.message).toMatch(/unknown dialect "phi"/);
    expect(source(result)).toBe(text);
  });

  it("reports 1-based lines and columns, counting CRLF once", () => {
    const text = "<|im_start|>user\r\nHi<|im_end|>\r\nstray\r\n";
    const [d] = parse(text).diagnostics;
    expect(d).toMatchObject({ code: "text-outside-message", line: 3, column: 1, endLine: 3, endColumn: 6 });
    expect(JSON.parse(JSON.stringify(d))).toMatchObject({ line: 3, column: 1 });
  });

  it("detects the dialect from the first header", () => {
    expect(parse("<|im_start|>user<|im_sep|>Hi<|im_end|>").dialect).toBe("chatml-sep");
    expect(parse("<|im_start|>user\nHi<|im_end|>").dialect).toBe("chatml");
  });

  it("reads name and other attributes from the header", () => {
    const [m] = parse("<|im_start|>system name=example_user lang=fr\nSalut<|im_end|>").messages;
    expect(m).toMatchObject({ role: "system", name: "example_user", attributes: { lang: "fr" } });
  });
});

describe("LineIndex", () => {
  it("treats \\n, \\r\\n and a lone \\r as line ends", () => {
    const lines = new LineIndex("a\nb\r\nc\rd");
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(2)).toEqual({ line: 2, column: 1 });
    expect(lines.position(5)).toEqual({ line: 3, column: 1 });
    expect(lines.position(7)).toEqual({ line: 4, column: 1 });
  });
});

describe("a header that repeats a problem for every word", () => {
  it("is one diagnostic of each kind, the first, counting the rest", () => {
    const header = `user${" a".repeat(1000)} k=1 k=2 k=3`;
    const { diagnostics } = parse(`<|im_start|>${header}\nHi<|im_end|>\n`);
    expect(diagnostics.map((d) => [d.code, d.start])).toEqual([
      ["invalid-header-attribute", 17],
      ["duplicate-header-attribute", 2021],
    ]);
    expect(diagnostics[0]?.message).toMatch(/\(and 999 more in this header\)$/);
    expect(diagnostics[1]?.message).toMatch(/\(and 1 more in this header\)$/);
  });
});
