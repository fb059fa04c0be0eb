// hiddenRunAt: a run of Unicode tag characters or variation selectors, reported when it hides
// something, with what it hides shown up to 80 characters; emoji flags and one selector after a
// character left alone. Each range's edges are cases of their own.
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/finding.js";
import { hiddenRunAt } from "../src/hidden-text.js";

/** The tag character mirroring an ASCII character (U+E0041 is a hidden `A`). */
const tags = (ascii: string) =>
  [...ascii].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join("");
const CANCEL = "\u{E007F}";
/** The supplementary variation selector that stands for `byte` (16-255). */
const selector = (byte: number) => String.fromCodePoint(0xe0100 + byte - 16);
const printable = (ascii: string) => [...ascii].map((ch) => selector(ch.charCodeAt(0))).join("");

function run(text: string, at = 0): { end: number; findings: Finding[] } {
  const findings: Finding[] = [];
  const end = hiddenRunAt(text, at, (f) => findings.push(f));
  return { end, findings };
}
const message = (text: string, at = 0) => run(text, at).findings.map((f) => f.message);

describe("tag characters", () => {
  it("a run shows the text it hides, and the scan goes on after it", () => {
    const text = `${tags("hi")}x`;
    expect(run(text)).toEqual({
      end: 4,
      findings: [
        {
          rule: "invisible-character",
          start: 0,
          end: 4,
          message:
            'invisible Unicode tag characters (U+E0000-U+E007F) hide the text "hi": models read it, people do not (ASCII smuggling)',
        },
      ],
    });
  });

  it("shows only the printable ones (not the language tag U+E0001, not CANCEL TAG)", () => {
    expect(message(`\u{E0001}${tags("ab")}${CANCEL}`)[0]).toContain('hide the text "ab"');
  });

  it("shows 80 characters, then an ellipsis", () => {
    const shown = (n: number) => message(tags("a".repeat(n)))[0]?.match(/hide the text (".*?")/)?.[1];
    expect(shown(80)).toBe(JSON.stringify("a".repeat(80)));
    expect(shown(81)).toBe(JSON.stringify(`${"a".repeat(80)}…`));
    expect(shown(200)).toBe(JSON.stringify(`${"a".repeat(80)}…`));
  });

  it("leaves a region's flag alone: the black flag, the tags, CANCEL TAG", () => {
    const flag = `🏴${tags("gbeng")}${CANCEL}`;
    expect(run(flag, 2)).toEqual({ end: flag.length, findings: [] });
    // Not after the black flag: another flag (U+1F3F3, the same high surrogate), a code unit DFF4
    // after another high surrogate, or nothing.
    expect(message(`🏳${tags("gbeng")}${CANCEL}`, 2)).toHaveLength(1);
    expect(message(`\ud83d\udff4${tags("gbeng")}${CANCEL}`, 2)).toHaveLength(1);
    expect(message(`${tags("gbeng")}${CANCEL}`)).toHaveLength(1);
    // Not a subdivision: no CANCEL TAG, or text longer than one.
    expect(message(`🏴${tags("gbeng")}`, 2)).toHaveLength(1);
    expect(message(`🏴${tags("hello world")}${CANCEL}`, 2)).toHaveLength(1);
  });
});

describe("variation selectors", () => {
  it("one after a character is its job; two in a row are data", () => {
    expect(run("❤\ufe0f", 1)).toEqual({ end: 2, findings: [] });
    expect(message("x\ufe0f\ufe0f", 1)).toEqual([
      "2 variation selectors in a row can carry 2 bytes of hidden data: no character takes more than one, models read them, people do not (emoji smuggling)",
    ]);
    expect(message("x\ufe00\ufe00\ufe00", 1)[0]).toMatch(/^3 variation selectors in a row can carry 3 bytes/);
  });

  it("U+FE00-U+FE0F and U+E0100-U+E01EF, and nothing beside them", () => {
    expect(message(`${selector(16)}${selector(16)}`)).toHaveLength(1); // U+E0100
    expect(message(`${selector(255)}${selector(255)}`)).toHaveLength(1); // U+E01EF
    // U+FE10 after U+FE0F: not a selector, so one selector alone.
    expect(run("x\ufe0f\ufe10", 1)).toEqual({ end: 2, findings: [] });
    // U+E01F0 and U+E00FF are not selectors; neither is U+1F100 (another high surrogate, low DD00).
    expect(run("\u{E01F0}\u{E01F0}")).toEqual({ end: 2, findings: [] });
    expect(run("\u{E00FF}\u{E00FF}")).toEqual({ end: 2, findings: [] });
    expect(run("\u{1F100}\u{1F101}")).toEqual({ end: 2, findings: [] });
  });

  it("bytes that are printable ASCII are shown; any other byte makes them data", () => {
    expect(message(printable("AB"))[0]).toContain('hide the text "AB"');
    expect(message(printable(" ~"))[0]).toContain('hide the text " ~"');
    expect(message(`${selector(16)}${selector(16)}`)[0]).toContain("can carry 2 bytes");
    expect(message(`${selector(0x1f)}${selector(0x41)}`)[0]).toContain("can carry 2 bytes");
    expect(message(`${selector(0x41)}${selector(0x7f)}`)[0]).toContain("can carry 2 bytes");
    expect(message(`${selector(0x41)}${selector(0x80)}`)[0]).toContain("can carry 2 bytes");
  });

  it("shows 80 bytes, then an ellipsis", () => {
    const shown = (n: number) => message(printable("b".repeat(n)))[0]?.match(/hide the text (".*?")/)?.[1];
    expect(shown(80)).toBe(JSON.stringify("b".repeat(80)));
    expect(shown(81)).toBe(JSON.stringify(`${"b".repeat(80)}…`));
  });
});
