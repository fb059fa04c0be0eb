import { SPECIAL_TOKENS } from "@chatmlkit/parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNDER_MUTATION } from "../../../scripts/under-mutation.js";
import { fuzzRuns } from "../../parser/test/arbitraries.js";
import { encodedTokenAt } from "../src/encoded-token.js";
import { validate } from "../src/index.js";

/**
 * The normalisers the look-alike rule is defined by, each on its own, as a
 * serving stack or a person might apply one. Written here independently of
 * src/lenient-readers.ts: this is the oracle the rule is checked against.
 */
const NORMALISERS: ReadonlyArray<readonly [name: string, (text: string) => string]> = [
  ["NFKC", (t) => t.normalize("NFKC")],
  ["NFKD without marks", (t) => t.normalize("NFKD").replace(/\p{M}/gu, "")],
  ["without ignorables and controls", (t) => t.replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu, "")],
  ["without whitespace", (t) => t.replace(/[\s\p{Z}]+/gu, "")],
  ["case folded", (t) => t.toLowerCase()],
];

/** UTS #39 skeleton: two strings are confusable when their skeletons are equal. */
async function skeletonOf(): Promise<(text: string) => string> {
  const { default: data } = await import("unhomoglyph/data.json", { with: { type: "json" } });
  const map = new Map(Object.entries(data as Record<string, string>));
  return (text) => {
    let out = "";
    for (const ch of text.normalize("NFD")) out += map.get(ch) ?? ch;
    return out.normalize("NFD");
  };
}

/** Some normaliser reads `variant` as `token`. */
function readsAs(variant: string, token: string, skeleton: (t: string) => string): boolean {
  return NORMALISERS.some(([, n]) => n(variant) === token) || skeleton(variant) === skeleton(token);
}

/** Is `variant`, alone in a user message, reported as a token or a look-alike? */
async function reported(variant: string): Promise<boolean> {
  const { diagnostics } = await validate([{ role: "user", content: variant }]);
  return diagnostics.some((d) => d.code === "special-token-lookalike" || d.code === "special-token");
}

// Mutation testing (vitest.mutate.config.ts sets CHATML_MUTATION) runs this file once for each
// mutant it covers, which is most of validate: there the range is sampled (ASCII, the fullwidth
// forms and every 61st code point), under a second instead of 18 s; `pnpm test` reads it whole.
const SAMPLED = UNDER_MUTATION;
const CODE_POINTS = Array.from({ length: 0x110000 }, (_, c) => c).filter(
  (c) => (c < 0xd800 || c > 0xdfff) && (!SAMPLED || c < 0x80 || (c >= 0xff00 && c <= 0xffef) || c % 61 === 0),
);

describe("look-alikes: no single-character variant that a normaliser reads as a token is silent", () => {
  it("every substitution and insertion, over the whole Unicode range", async () => {
    const skeleton = await skeletonOf();
    // Characters some normaliser reads, alone, as a character of a token, or as nothing;
    // combining marks too, which change their neighbour. Only their variants can read back.
    const alphabet = new Set([...SPECIAL_TOKENS.join(""), ""]);
    const candidates = CODE_POINTS.map((c) => String.fromCodePoint(c)).filter(
      (ch) =>
        /\p{M}/u.test(ch) ||
        NORMALISERS.some(([, n]) => alphabet.has(n(ch))) ||
        [...alphabet].some((a) => a !== "" && skeleton(ch) === skeleton(a)),
    );
    const variants: string[] = [];
    for (const token of SPECIAL_TOKENS) {
      for (let i = 0; i < token.length; i++) {
        for (const ch of candidates) {
          for (const variant of [
            token.slice(0, i) + ch + token.slice(i + 1),
            token.slice(0, i) + ch + token.slice(i),
          ]) {
            if (variant !== token && readsAs(variant, token, skeleton)) variants.push(variant);
          }
        }
      }
    }
    // One message per variant, validated in batches: one call per variant would take a minute.
    const silent: string[] = [];
    for (let from = 0; from < variants.length; from += 10_000) {
      const batch = variants.slice(from, from + 10_000);
      const { diagnostics } = await validate(batch.map((content) => ({ role: "user", content })));
      const seen = new Set(
        diagnostics
          .filter((d) => d.code === "special-token-lookalike" || d.code === "special-token")
          .map((d) => d.messageIndex),
      );
      batch.forEach((variant, i) => {
        if (!seen.has(i)) silent.push(JSON.stringify(variant));
      });
    }
    expect(variants.length).toBeGreaterThan(SAMPLED ? 500 : 10_000);
    expect(silent.slice(0, 40), `${silent.length} of ${variants.length} variants are silent`).toEqual([]);
  }, 300_000);

  it("random substitutions and insertions of any code point (fast-check)", async () => {
    const skeleton = await skeletonOf();
    const variant = fc
      .record({
        token: fc.constantFrom(...SPECIAL_TOKENS),
        at: fc.nat(),
        code: fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff),
        insert: fc.boolean(),
      })
      .map(({ token, at, code, insert }) => {
        const i = at % token.length;
        return {
          token,
          text: token.slice(0, i) + String.fromCodePoint(code) + token.slice(i + (insert ? 0 : 1)),
        };
      });
    await fc.assert(
      fc.asyncProperty(variant, async ({ token, text }) => {
        if (text !== token && readsAs(text, token, skeleton))
          expect(await reported(text), JSON.stringify(text)).toBe(true);
      }),
      fuzzRuns(2000),
    );
  });
});

/** Ways to write one character that a decoder turns back into it. */
const ENCODERS: ReadonlyArray<(ch: string) => string> = [
  (ch) => ch,
  (ch) => `&#${ch.charCodeAt(0)};`,
  (ch) => `&#x${ch.charCodeAt(0).toString(16)};`,
  (ch) => ({ "<": "&lt;", ">": "&gt;", "|": "&vert;", _: "&lowbar;" })[ch] ?? ch,
  (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  (ch) => `\\U${ch.charCodeAt(0).toString(16).padStart(8, "0")}`,
  (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, "0")}`,
  // Fullwidth forms, percent-encoded as UTF-8 (a look-alike once decoded).
  (ch) => ({ "<": "%EF%BC%9C", ">": "%EF%BC%9E", "|": "%EF%BD%9C" })[ch] ?? ch,
];
/** Ways a second layer writes `&`, `%` and `\`, in any of the three encodings. */
const LAYER_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  "&": ["&amp;", "&#38;", "&#x26;", "%26", "\\u0026"],
  "%": ["%25", "&percnt;", "&#37;", "\\u0025"],
  "\\": ["\\\\", "%5C", "&bsol;", "&#92;", "\\u005c"],
};
/** A second layer over a whole encoded text, each `&`, `%` or `\` spelled one of its ways (by `pick`). */
const SECOND_LAYER = (text: string, pick = 0) => {
  let n = pick;
  return text.replace(/[&%\\]/g, (c) => {
    const ways = LAYER_SPELLINGS[c] as readonly string[];
    return ways[n++ % ways.length] as string;
  });
};

describe("look-alikes: tokens written in an encoding a decoder undoes are reported", () => {
  it("any character of any token, HTML entities, percent-encoding or backslash escapes, once or twice (fast-check)", async () => {
    const encoded = fc
      .record({
        token: fc.constantFrom(...SPECIAL_TOKENS),
        choices: fc.array(fc.nat(ENCODERS.length - 1), { minLength: 20, maxLength: 20 }),
        twice: fc.boolean(),
        pick: fc.nat(20),
        before: fc.constantFrom("", "say ", "x\n", "50% & "),
      })
      .map(({ token, choices, twice, pick, before }) => {
        const text = [...token]
          .map((ch, i) => (ENCODERS[choices[i] as number] as (c: string) => string)(ch))
          .join("");
        return { token, text: before + (twice ? SECOND_LAYER(text, pick) : text) };
      })
      .filter(({ token, text }) => !text.includes(token));
    await fc.assert(
      fc.asyncProperty(encoded, async ({ text }) => {
        expect(await reported(text), JSON.stringify(text)).toBe(true);
      }),
      fuzzRuns(2000),
    );
  });
});

/** A token with any of its characters encoded, perhaps twice, perhaps with one character changed. */
const encodedToken = fc
  .record({
    token: fc.constantFrom(...SPECIAL_TOKENS),
    choices: fc.array(fc.nat(ENCODERS.length - 1), { minLength: 20, maxLength: 20 }),
    twice: fc.boolean(),
    pick: fc.nat(20),
    upper: fc.boolean(),
    // Look-alike openers, one outside the BMP (U+1D236) and encoded so.
    opener: fc.constantFrom("", "‹", "＜", "\u{1d236}", "&#x1D236;", "%F0%9D%88%B6"),
  })
  .map(({ token, choices, twice, pick, upper, opener }) => {
    const text = [...(upper ? token.toUpperCase() : token)]
      .map((ch, i) => (ENCODERS[choices[i] as number] as (c: string) => string)(ch))
      .join("");
    const layered = twice ? SECOND_LAYER(text, pick) : text;
    // A look-alike opener, perhaps encoded itself, before encoded characters (`‹&#124;im_end|>`).
    return opener === "" ? layered : opener + layered.slice(layered.startsWith("<") ? 1 : 0);
  });

describe("encoded tokens: the cheap looks change no answer", () => {
  it("encodedTokenAt gives the same finding with and without them, at every start (fast-check)", () => {
    const piece = fc.oneof(
      fc.constantFrom(...SPECIAL_TOKENS),
      fc.constantFrom(..."<|>_ime".split("")),
      fc.constantFrom("&lt;", "&gt;", "&LT", "&vert;", "&#60;", "&#x3e;", "&#124;", "&amp;", "&nbsp;", "&"),
      fc.constantFrom("%3C", "%3e", "%7C", "%25", "%", "\\u003c", "\\u003E", "\\u007c", "\\\\", "\\"),
      fc.constantFrom("im_end", "im_start", "endoftext", "IM_END", " ", "x", "‹", "›", "\u200b"),
      // An opener outside the BMP (U+1D236), literal and encoded.
      fc.constantFrom("\u{1d236}", "&#x1D236;", "%F0%9D%88%B6", "\\U0001d236"),
    );
    let found = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, encodedToken), { maxLength: 8 }), (pieces) => {
        const text = pieces.join("");
        for (let at = 0; at < text.length; at++) {
          if (!"&%\\<".includes(text[at] as string)) continue;
          const full = encodedTokenAt(text, at, false);
          expect(encodedTokenAt(text, at), JSON.stringify({ text, at })).toEqual(full);
          if (full !== undefined) found++;
        }
      }),
      fuzzRuns(5000),
    );
    expect(found).toBeGreaterThan(500); // the pieces make many encoded tokens to find
  });
});

describe("look-alikes: several substitutions in one token are reported", () => {
  it("two to four letters replaced, each by a confusable of it or of its capital (fast-check)", async () => {
    const { default: data } = await import("unhomoglyph/data.json", { with: { type: "json" } });
    // For each letter of the tokens' names, the characters confusables.txt reads as it or as its capital,
    // and their own capitals and small forms (Cyrillic І and М, Greek Ι and Μ...).
    const confusable = new Map<string, string[]>();
    for (const [ch, prototype] of Object.entries(data as Record<string, string>)) {
      for (const letter of "abcdefghijklmnopqrstuvwxyz") {
        if (prototype !== letter && prototype !== letter.toUpperCase()) continue;
        const list = confusable.get(letter) ?? [];
        for (const form of new Set([ch, ch.toLowerCase(), ch.toUpperCase()])) {
          const own = (data as Record<string, string>)[form];
          if ([...form].length === 1 && (form === ch || own?.toLowerCase() === letter)) list.push(form);
        }
        confusable.set(letter, list);
      }
    }
    const variant = fc
      .record({
        token: fc.constantFrom(...SPECIAL_TOKENS),
        picks: fc.array(fc.record({ at: fc.nat(), which: fc.nat() }), { minLength: 2, maxLength: 4 }),
      })
      .map(({ token, picks }) => {
        const chars = [...token];
        for (const { at, which } of picks) {
          const i = 2 + (at % (chars.length - 4)); // inside the name
          const options = confusable.get((token[i] as string).toLowerCase()) ?? [];
          if (options.length > 0) chars[i] = options[which % options.length] as string;
        }
        return chars.join("");
      })
      .filter((text) => !SPECIAL_TOKENS.includes(text));
    await fc.assert(
      fc.asyncProperty(variant, async (text) => {
        expect(await reported(text), JSON.stringify(text)).toBe(true);
      }),
      fuzzRuns(3000),
    );
  });
});
