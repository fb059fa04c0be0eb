import { type Finding, visible } from "./finding.js";
import { mayOpenLookalike, mayStartName, OPENER_SET, readLookalike } from "./lookalike.js";
import { BAR_CLASS, CLOSER_CHARS, OPENER_CHARS, SKIP_CLASS } from "./lookalike-tables.gen.js";
import { specialTokenAt } from "./special-tokens.js";

/**
 * Special tokens written in an encoding that some tool between the text and
 * the model decodes: HTML character references (`&lt;|im_end|&gt;`, which a
 * template rendered as HTML and read back, or a browser, turns into the
 * token), percent-encoding (`%3C%7Cim_end%7C%3E`, UTF-8 included: a URL
 * decoder) and backslash escapes (`\u003c|im_end|\u003e`: JSON escaped twice,
 * so one JSON decode leaves them and a second makes the token; `\x3c`,
 * `\U0000003c`, octal `\074`). Up to three layers are undone, in any mix
 * (`&amp;lt;`, `%253C`, `%26lt;`, `\\u003c`). They are reported as
 * look-alikes, with what they decode to.
 */

/** The characters an encoded token can start with: `&`, `%`, `\` (a class body). */
export const ENCODED_STARTS = "&%\\\\";

/**
 * How far past its start an encoded token is looked for: a short window
 * first (every token, fully encoded twice, fits), and a long one only when
 * the short one was cut inside what still reads as the start of a token
 * (spaces inside, as the look-alike rule allows up to 1024 characters).
 */
const WINDOWS = [96, 1100];
/** How much the first look decodes: an opener and a bar, encoded three times, fit. */
const FIRST_LOOK = 40;
/** Layers of encoding undone. */
const LAYERS = 3;

/** HTML's named references that spell a token's characters, brackets read as `<` and `>`, and `&`, `%`, `\` (for a further layer). */
const NAMED: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  lang: "⟨",
  rang: "⟩",
  langle: "⟨",
  rangle: "⟩",
  leftanglebracket: "⟨",
  rightanglebracket: "⟩",
  lsaquo: "‹",
  rsaquo: "›",
  vert: "|",
  verbar: "|",
  verticalline: "|",
  verticalbar: "∣",
  mid: "∣",
  lowbar: "_",
  underbar: "_",
  amp: "&",
  percnt: "%",
  bsol: "\\",
};

/**
 * One encoded character: a numeric or named HTML reference, a run of percent
 * escapes (UTF-8 bytes), or a backslash escape (`\u`, `\u{}`, `\U`, `\x`,
 * octal, or a doubled backslash).
 */
const PIECE =
  /&#[xX]([0-9a-fA-F]{1,6});?|&#([0-9]{1,7});?|&([a-zA-Z]{2,17});?|((?:%[0-9a-fA-F]{2})+)|\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(\\))/g;

/** What one match of PIECE stands for, if it is text at all (`&nbsp;` is left as it is). */
function pieceValue(m: RegExpExecArray): string | undefined {
  const [, hex, dec, name, percent, brace, u4, u8, x2, octal, slash] = m;
  if (slash !== undefined) return slash;
  if (name !== undefined) return NAMED[name.toLowerCase()];
  if (percent !== undefined)
    return percentDecoded(percent)
      .map(([ch]) => ch)
      .join("");
  const value =
    dec !== undefined
      ? Number.parseInt(dec, 10)
      : octal !== undefined
        ? Number.parseInt(octal, 8)
        : Number.parseInt((hex ?? brace ?? u4 ?? u8 ?? x2) as string, 16); // one of them matched
  return value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff) ? String.fromCodePoint(value) : undefined;
}

/**
 * The encoded character that starts at `at`, if one does. (A bounded slice:
 * a run of percent escapes is one match, and such a run may go on for megabytes.)
 */
function pieceAt(text: string, at: number): RegExpExecArray | undefined {
  PIECE.lastIndex = 0;
  const piece = PIECE.exec(text.slice(at, at + 16));
  return piece !== null && piece.index === 0 ? piece : undefined;
}

/**
 * A run of percent escapes as a URL decoder reads it: bytes, as UTF-8 where
 * they form it (`%EF%BC%9C` is `＜`; overlong forms too, `%C0%BC` is `<` to a
 * lax decoder), each other byte as the character of its value. Each character
 * comes with the offset in the run of its first byte.
 */
function percentDecoded(run: string): Array<readonly [string, number]> {
  const bytes: number[] = [];
  for (let i = 0; i < run.length; i += 3) bytes.push(Number.parseInt(run.slice(i + 1, i + 3), 16));
  const out: Array<readonly [string, number]> = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    // Lead bytes: F5 and above lead nothing; C0 and C1 lead overlong forms only, which lax decoders read.
    const length = b >= 0xf5 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    // (A lone byte's code is never read: ok is false for it.)
    let code = b & (0xff >> (length + 1));
    let ok = length > 1 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) {
      const next = bytes[i + k] as number;
      if ((next & 0xc0) !== 0x80) ok = false;
      code = (code << 6) | (next & 0x3f);
    }
    const utf8 = ok && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    out.push([utf8 ? String.fromCodePoint(code) : String.fromCharCode(b), i * 3]);
    i += utf8 ? length : 1;
  }
  return out;
}

/**
 * One layer of decoding, whichever encodings it meets, and for each
 * character of the result the offset in `text` it came from (plus one entry:
 * where the text ends). Decoding jumps from one encoded character to the next.
 * (Exported for its tests.)
 */
export function decodeLayer(text: string): { text: string; from: number[] } {
  let out = "";
  const from: number[] = [];
  let i = 0;
  const copy = (to: number) => {
    out += text.slice(i, to);
    for (; i < to; i++) from.push(i);
  };
  for (PIECE.lastIndex = 0; ; ) {
    const m = PIECE.exec(text);
    if (m === null) break;
    const decoded = pieceValue(m);
    if (decoded === undefined) {
      PIECE.lastIndex = m.index + 1; // `&nbsp;` and the like stay as they are
      continue;
    }
    copy(m.index);
    out += decoded;
    if (m[4] !== undefined) {
      // A percent run: each character from its own first byte, so a token ending inside the run ends there.
      for (const [ch, offset] of percentDecoded(m[4]))
        for (let k = 0; k < ch.length; k++) from.push(i + offset);
    } else {
      for (let k = 0; k < decoded.length; k++) from.push(i);
    }
    i += m[0].length;
  }
  copy(text.length);
  from.push(text.length);
  return { text: out, from };
}

/** What may follow an opener in a token: a bar, something a reader drops, or something still encoded. */
const AFTER_OPENER = new RegExp(`[${BAR_CLASS}${SKIP_CLASS}&%\\\\]`, "u");

/** A run of what readers drop, then one character they keep (sticky). */
const SKIPPED_THEN_ONE = new RegExp(`[${SKIP_CLASS}]*([^${SKIP_CLASS}])`, "uy");

/**
 * Can `decoded` (a window after some layers) still decode into a token? It
 * must start with an opener, or with what a further layer decodes; after an
 * opener, a bar; after the bar (and what readers drop), something a reader
 * reads as a letter of a name. Most windows fail here, before the full
 * reading (`<|<|<|...` at the second opener).
 */
function mayStillOpen(decoded: string): boolean {
  const first = String.fromCodePoint(decoded.codePointAt(0) ?? 32);
  if (first === "&" || first === "%" || first === "\\") return true;
  if (!OPENER_SET.has(first)) return false;
  const second = decoded.codePointAt(first.length);
  if (second === undefined) return true;
  const bar = String.fromCodePoint(second);
  if (bar === "&" || bar === "%" || bar === "\\") return true; // still encoded: a later layer tells
  if (!AFTER_OPENER.test(bar)) return false;
  SKIPPED_THEN_ONE.lastIndex = first.length + bar.length;
  const third = SKIPPED_THEN_ONE.exec(decoded)?.[1];
  return third === undefined || third === "&" || third === "%" || third === "\\" || mayStartName(third);
}

/** A character that can be inside an encoded character's spelling. */
const PIECE_CHAR = /[\w#;%&\\{}]/;

/** After a literal opener: an encoded character within reach (`<&vert;`, `‹｜im_end&#124;>`)? */
const ENCODED_AFTER_OPENER = /[\s\S]{1,48}?[&%\\]/y;

/**
 * The first look at an `&`, `%`, `\` or opener: could an encoded token
 * start here? A few dozen characters are decoded, every layer, and must still
 * be able to open a token. It costs about a microsecond, and it is what keeps
 * hostile text (runs of `%25`, of `&lt;`) linear in practice.
 */
function mayStart(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code !== 38 && code !== 37 && code !== 92) {
    // An opener: only worth decoding if something after it is encoded.
    ENCODED_AFTER_OPENER.lastIndex = at;
    return ENCODED_AFTER_OPENER.test(text);
  }
  // The first encoded character alone must stand for an opener, or for `&`, `%` or `\` (another layer).
  const piece = pieceAt(text, at);
  if (piece === undefined) return false;
  // (A percent run decodes to several characters, `%26%23` to `&#`: its first is the one that counts,
  // a whole code point: `&#x1D236;` is an opener outside the BMP.)
  const value = pieceValue(piece)?.codePointAt(0);
  const alone = value === undefined ? undefined : String.fromCodePoint(value);
  if (alone === undefined || !(alone === "&" || alone === "%" || alone === "\\" || OPENER_SET.has(alone)))
    return false;
  // Not cut inside an encoded character (a cut `%EF%BC` or `&#x2` decodes to something else).
  let end = at + FIRST_LOOK;
  while (end < at + FIRST_LOOK + 32 && end < text.length && PIECE_CHAR.test(text[end] as string)) end++;
  let current = text.slice(at, end);
  for (let layer = 0; layer < LAYERS; layer++) {
    const decoded = decodeLayer(current).text;
    if (decoded === current || !mayStillOpen(decoded)) return false;
    const first = decoded.charCodeAt(0);
    // Decoded to an opener: a second opener before any closer means no token starts here (`<|i<|i<|i...`).
    if (first !== 38 && first !== 37 && first !== 92) return !secondOpenerFirst(decoded);
    current = decoded;
  }
  return false;
}

/**
 * Is an encoded ChatML special token (or a look-alike of one, once decoded)
 * at `at` (an `&`, `%`, `\` or an opener)? The finding spans the encoded text.
 *
 * `quick: false` skips the cheap looks (mayStart, and mayStillOpen after each
 * layer) that keep hostile text linear in practice (a test checks they change
 * no answer).
 */
export function encodedTokenAt(text: string, at: number, quick = true): Finding | undefined {
  const code = text.charCodeAt(at);
  // A run of backslashes is looked at once, from its first.
  if (code === 92 && text.charCodeAt(at - 1) === 92) return undefined;
  // An encoded token starts with an encoded character (a literal `\\` before one is not part of it).
  if ((code === 38 || code === 37 || code === 92) && pieceAt(text, at) === undefined) return undefined;
  if (quick && !mayStart(text, at)) return undefined;
  for (const size of WINDOWS) {
    const found = decodedTokenIn(text, at, size, quick);
    if (found !== "longer") return found;
  }
  return undefined;
}

/**
 * Looks for the token in `size` characters from `at`, decoded layer by layer.
 * "longer" means the window was cut inside what may still be a token.
 */
function decodedTokenIn(
  text: string,
  at: number,
  size: number,
  quick: boolean,
): Finding | undefined | "longer" {
  let stop = at + size;
  if (quick && size > (WINDOWS[0] as number)) {
    // The long window ends a little past the next bracket in any spelling: a token holds one of each.
    // (Searched from past the opener's own spelling, which is never longer than OPENER_REACH.)
    NEXT_BRACKET.lastIndex = 0;
    const next = NEXT_BRACKET.exec(text.slice(at + OPENER_REACH, stop));
    if (next !== null) stop = Math.min(stop, at + OPENER_REACH + next.index + next[0].length + 32);
  }
  let current = text.slice(at, stop);
  const cut = stop < text.length;
  // Each layer's map from its characters to the previous layer's (composed only for a finding).
  const maps: number[][] = [];
  const origin = (index: number) => maps.reduceRight((j, from) => from[j] as number, index);
  for (let layer = 0; layer < LAYERS; layer++) {
    const { text: decoded, from } = decodeLayer(current);
    if (decoded === current) break;
    maps.push(from);
    current = decoded;
    if (quick && !mayStillOpen(current)) return undefined;
    if (!OPENER_SET.has(String.fromCodePoint(current.codePointAt(0) ?? 32))) continue; // perhaps after another layer
    const token = specialTokenAt(current, 0);
    const reads = token !== undefined ? { token, end: token.length } : readLookalike(current, 0);
    if (reads === undefined) continue;
    const end = at + origin(reads.end);
    const source = text.slice(at, end);
    if (source === current.slice(0, reads.end)) return undefined; // spelled out, not encoded: other rules' finding
    const lookalike = token === undefined ? `${visible(current.slice(0, reads.end))}, a look-alike of ` : "";
    const layers = layer === 0 ? "" : `, encoded ${layer + 1} times`;
    const encodings = encodingsIn(source, layer + 1);
    return {
      rule: "special-token-lookalike",
      start: at,
      end,
      message:
        `${visible(source)} encodes ${lookalike}the special token ${reads.token} ` +
        `(${encodings.map((e) => e.name).join(", ")}${layers}); ` +
        `${encodings.map((e) => e.decoder).join(" or ")} turns it into the token`,
    };
  }
  // Nothing here; a longer window only helps if this one was cut while the decoded text still reads
  // as one token's start: no closer yet, and no second opener (`<|<|<|...` is no token).
  const start = String.fromCodePoint(current.codePointAt(0) ?? 32).length;
  return cut && !BRACKET_IN.test(current.slice(start)) && (!quick || mayOpenLookalike(current, 0))
    ? "longer"
    : undefined;
}

/** How long an opener's spelling can be, encoded three times (`&#x26;#x26;#x3c;` is 16). */
const OPENER_REACH = 24;
/** A bracket (`<`, `>`, or a character read as one), literal or encoded once to three times. */
const NEXT_BRACKET = new RegExp(
  `[<>${OPENER_CHARS}${CLOSER_CHARS}]|&(?:amp;|#38;|#x26;){0,2}(?:lt|gt|#0*6[02]|#x0*3[ce])|%(?:25){0,2}(?:3[ce]|ef%bc%9[ce])|\\\\+(?:u0*3[ce]|x3[ce]|07[46]|U0*3[ce])`,
  "giu",
);

/**
 * Does another opener come before any closer, after the one `decoded` starts
 * with? Only characters fully decoded count: a still-encoded one (`&`, `%`,
 * `\\`) ends the look, as it may decode into a closer.
 */
function secondOpenerFirst(decoded: string): boolean {
  const start = String.fromCodePoint(decoded.codePointAt(0) ?? 32).length;
  BRACKET_OR_ENCODED.lastIndex = start;
  const next = BRACKET_OR_ENCODED.exec(decoded)?.[0];
  return next !== undefined && OPENER_SET.has(next);
}
const BRACKET_OR_ENCODED = new RegExp(`[<>&%\\\\${OPENER_CHARS}${CLOSER_CHARS}]`, "gu");

/** A character some reader reads as `<` or `>`: a decoded window that holds one after its opener has its token's end. */
const BRACKET_IN = new RegExp(`[<>${OPENER_CHARS}${CLOSER_CHARS}]`, "u");

/** The encodings, how to tell them in a layer, and what decodes them. */
const ENCODINGS = [
  { name: "HTML entities", seen: /&(?:#|[a-z]{2,17};?)/i, decoder: "an HTML renderer or entity decoder" },
  { name: "percent-encoding", seen: /%[0-9a-f]{2}/i, decoder: "a URL decoder" },
  { name: "backslash escapes", seen: /\\[\\uUx0-7]/, decoder: "a JSON or string-escape decoder" },
] as const;

/** Which encodings `layers` layers of decoding undo in `source` (the token's own text), in a fixed order. */
function encodingsIn(source: string, layers: number): Array<(typeof ENCODINGS)[number]> {
  const seen = new Set<(typeof ENCODINGS)[number]>();
  let text = source;
  for (let layer = 0; layer < layers; layer++) {
    for (const encoding of ENCODINGS) if (encoding.seen.test(text)) seen.add(encoding);
    text = decodeLayer(text).text;
  }
  return ENCODINGS.filter((encoding) => seen.has(encoding));
}
