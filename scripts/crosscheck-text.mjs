// Generated text for the differential check of chatmlkit's token ids against the `tiktoken`
// package (OpenAI's Rust core as WASM): scripts/crosscheck-tiktoken.mjs runs it over 1M strings,
// packages/validator/test/tiktoken-crosscheck.test.ts over a few thousand with a fixed seed.
// The texts mix every class the split regexes tell apart (and where JavaScript's regexes may
// disagree with Rust's): each Unicode general category, all whitespace (Unicode's White_Space
// and JavaScript's \s), controls, format characters, combining marks, astral planes, lone
// surrogates, with letters, digits, punctuation, contractions, CJK and emoji around them.

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same texts everywhere. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = [
  "Lu",
  "Ll",
  "Lt",
  "Lm",
  "Lo",
  "Mn",
  "Mc",
  "Me",
  "Nd",
  "Nl",
  "No",
  "Pc",
  "Pd",
  "Ps",
  "Pe",
  "Pi",
  "Pf",
  "Po",
  "Sm",
  "Sc",
  "Sk",
  "So",
  "Zs",
  "Zl",
  "Zp",
  "Cc",
  "Cf",
  "Co",
  "Cn",
];

/** Unicode's White_Space (Rust's \s) and JavaScript's \s together: where they differ is the point. */
const WHITESPACE = [
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  " ",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2001",
  "\u2002",
  "\u2003",
  "\u2004",
  "\u2005",
  "\u2006",
  "\u2007",
  "\u2008",
  "\u2009",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
  "\u180e",
  "\u200b",
];

/** Pieces of ordinary text the splits treat specially: words, digits, contractions, line breaks. */
const ORDINARY = [
  "a",
  "b",
  "z",
  "A",
  "Z",
  "the",
  "Hello",
  "world",
  "x",
  "1",
  "23",
  "456",
  "7890",
  "'",
  "'s",
  "'S",
  "'t",
  "'re",
  "'RE",
  "'ve",
  "'m",
  "'ll",
  "'LL",
  "'d",
  "\u2019s",
  "don't",
  "I'M",
  ".",
  ",",
  "!",
  "?",
  "...",
  "-",
  "/",
  "//",
  "\\",
  "<|",
  "|>",
  "(",
  ")",
  "{",
  "}",
  '"',
  "#",
  "$",
  "%",
  "\n",
  "\r\n",
  "\n\n",
  " ",
  "  ",
  "\t",
  "中",
  "文",
  "東京",
  "こんにちは",
  "한국어",
  "😀",
  "👍🏽",
  "🇯🇵",
  "👨‍👩‍👧",
  "1️⃣",
  "❤️",
  "e\u0301",
  "é",
  "ß",
  "ſ",
  "İ",
  "ǅ",
  "K",
  "Ж",
  "ع",
  "ह",
  "ि",
  "𝒜",
  "𝟘",
  "٣",
];

let pools;

/** Every code point by general category (as this engine's Unicode has it), once per process. */
function categoryPools() {
  if (pools !== undefined) return pools;
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, []]));
  const tests = CATEGORIES.map((c) => [c, new RegExp(`^\\p{gc=${c}}$`, "u")]);
  const astral = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const [c, re] of tests) {
      if (re.test(ch)) {
        // Cn and Co are huge: a sample keeps their share of picks, not of memory.
        if ((c !== "Cn" && c !== "Co") || cp % 97 === 0 || cp < 0x10000) byCategory[c].push(ch);
        break;
      }
    }
    if (cp >= 0x10000 && cp % 13 === 0) astral.push(ch);
  }
  const surrogates = [];
  for (let u = 0xd800; u <= 0xdfff; u += 7) surrogates.push(String.fromCharCode(u));
  pools = [
    ...CATEGORIES.map((c) => byCategory[c]),
    WHITESPACE,
    WHITESPACE,
    astral,
    surrogates,
    ORDINARY,
    ORDINARY,
    ORDINARY,
    ORDINARY,
  ];
  return pools;
}

/**
 * `count` texts from `seed`: each 1 to 10 runs, a run one character, one character repeated,
 * or a few characters of one pool; one text in 200 holds a run long enough (>= 256 code
 * units) for the long-piece path.
 */
export function* generateTexts(count, seed) {
  const all = categoryPools();
  const next = random(seed);
  const below = (n) => Math.floor(next() * n);
  const pick = (list) => list[below(list.length)];
  for (let i = 0; i < count; i++) {
    const runs = 1 + below(10);
    let text = "";
    for (let r = 0; r < runs; r++) {
      const pool = pick(all);
      const mode = below(4);
      if (mode === 0) text += pick(pool);
      else if (mode === 1) text += pick(pool).repeat(2 + below(5));
      else {
        const n = 2 + below(6);
        for (let k = 0; k < n; k++) text += pick(pool);
      }
    }
    if (below(200) === 0) {
      const pool = pick(all);
      const n = 256 + below(300);
      let run = "";
      while (run.length < n) run += pick(pool);
      text += run;
    }
    yield text;
  }
}

/** The code points of `text`, as U+XXXX, for a report. */
export function codePoints(text) {
  return Array.from(
    text,
    (ch) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`,
  ).join(" ");
}

/**
 * Compares `ours` (encodeText / countText) with `reference` (ids of ordinary text) over the
 * generated texts. Returns how many were checked and the divergent ones (first `keep` kept).
 */
export function crosscheck(ours, reference, { count, seed, keep = 20 }) {
  const divergent = [];
  let checked = 0;
  let diverged = 0;
  let countMismatches = 0;
  for (const text of generateTexts(count, seed)) {
    checked++;
    const ids = ours.encodeText(text);
    const expected = reference(text);
    let same = ids.length === expected.length;
    for (let i = 0; same && i < ids.length; i++) same = ids[i] === expected[i];
    if (ours.countText(text) !== ids.length) countMismatches++;
    if (!same) {
      diverged++;
      if (divergent.length < keep) divergent.push({ text, ours: ids, tiktoken: Array.from(expected) });
    }
  }
  return { checked, diverged, countMismatches, divergent };
}
