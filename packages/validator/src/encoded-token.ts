import { type Finding, visible } from "./finding.js";
import { lookalikeAt, OPENER_SET } from "./lookalike.js";
import { BAR_CLASS, CLOSER_CHARS, SKIP_CLASS } from "./lookalike-tables.gen.js";
import { specialTokenAt } from "./special-tokens.js";

/**
 * Special tokens written in an encoding that some tool between the text and
 * the model decodes: HTML entities (`&lt;|im_end|&gt;`, which a template
 * rendered as HTML and read back, or a browser, turns into the token),
 * percent-encoding (`%3C%7Cim_end%7C%3E`, a URL decoder) and backslash
 * escapes (`\u003c|im_end|\u003e`: JSON escaped twice, so one JSON decode
 * leaves them and a second makes the token). Up to three layers are undone
 * (`&amp;lt;`, `%253C`, `\\u003c`). They are reported as look-alikes, with
 * what they decode to.
 */

/** The characters an encoded token can start with: `&`, `%`, `\` (a class body). */
export const ENCODED_STARTS = "&%\\\\";

/**
 * Cheap first look at `&`, `%` or `\`: does an encoded `<`, or an encoded
 * `&`, `%` or `\` (a second layer), start here? Sticky, case-insensitive.
 */
const ENCODED_OPENER =
  /&(?:lt\b|lt;|#0*60\b|#0*60;|#x0*3c\b|#x0*3c;|amp;|#0*38;|#x0*26;)|%(?:3c|25)|\\+(?:u0*3c|u\{0*3c\}|x3c|u0*26|u0*25)/iy;

/** After a literal `<`: a token's characters, then one encoded (`<&vert;`, `<|im_end|&gt;`)? */
const ENCODED_AFTER_OPENER = /<[|\w]{0,40}?(?:&|%[0-9a-f]{2}|\\)/iy;

/** A closer of a token, literal or encoded (one to three times), or a character read as one. */
const POSSIBLE_CLOSER = new RegExp(
  `[>${CLOSER_CHARS}]|&(?:amp;)*(?:gt\\b|gt;|#0*62|#x0*3e)|%(?:25)*3e|\\\\+(?:u0*3e|u\\{0*3e\\}|x3e)`,
  "iu",
);
/** What may follow a decoded `<` in a token: a bar, something a reader drops, or something still encoded. */
const AFTER_OPENER = new RegExp(`[${BAR_CLASS}${SKIP_CLASS}&%\\\\]`, "u");

/**
 * Can `decoded` (a window after some layers) still decode into a token? It
 * must start with an opener, or with what a further layer decodes; after a
 * `<`, a bar must be able to follow. Most windows fail here, before the
 * full reading.
 */
function mayStillOpen(decoded: string): boolean {
  const first = String.fromCodePoint(decoded.codePointAt(0) ?? 32);
  if (first === "&" || first === "%" || first === "\\") return true;
  if (!OPENER_SET.has(first)) return false;
  const second = decoded.codePointAt(first.length);
  return second === undefined || AFTER_OPENER.test(String.fromCodePoint(second));
}

/** How far past its start an encoded token may reach: every token, fully encoded twice, fits. */
const WINDOW = 200;
/** Layers of encoding undone. */
const LAYERS = 3;

/** HTML's named references that spell a token's characters (and `&` itself, for a second layer). */
const NAMED: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  vert: "|",
  verbar: "|",
  verticalline: "|",
  lowbar: "_",
  underbar: "_",
  amp: "&",
  percnt: "%",
  bsol: "\\",
};

/** One encoded character: an HTML reference, a percent escape, or a backslash escape (a doubled backslash too). */
const PIECE =
  /&#x([0-9a-f]{1,6});?|&#([0-9]{1,7});?|&([a-z]{2,13});?|%([0-9a-f]{2})|\\(?:u\{([0-9a-f]{1,6})\}|u([0-9a-f]{4})|x([0-9a-f]{2})|(\\))/giy;

/** What one match of PIECE stands for, if it is a character at all (`&nbsp;` is left as it is). */
function pieceValue(m: RegExpExecArray): string | undefined {
  const [, hex, dec, name, pct, brace, u4, x2, slash] = m;
  if (slash !== undefined) return slash;
  if (name !== undefined) return NAMED[name.toLowerCase()];
  const value =
    dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? brace ?? u4 ?? x2 ?? pct ?? "", 16);
  return value <= 0x10ffff ? String.fromCodePoint(value) : undefined;
}

/** PIECE, searching (not sticky): decoding jumps from one encoded character to the next. */
const NEXT_PIECE = new RegExp(PIECE.source, "gi");

/**
 * One layer of decoding, whichever of the three encodings it meets, and for
 * each character of the result the offset in `text` it came from (plus one
 * entry: where the text ends).
 */
function decodeLayer(text: string): { text: string; from: number[] } {
  let out = "";
  const from: number[] = [];
  let i = 0;
  const copy = (to: number) => {
    out += text.slice(i, to);
    for (; i < to; i++) from.push(i);
  };
  for (NEXT_PIECE.lastIndex = 0; ; ) {
    const m = NEXT_PIECE.exec(text);
    if (m === null) break;
    const decoded = pieceValue(m);
    if (decoded === undefined) {
      NEXT_PIECE.lastIndex = m.index + 1; // `&nbsp;` and the like stay as they are
      continue;
    }
    copy(m.index);
    out += decoded;
    for (let k = 0; k < decoded.length; k++) from.push(i);
    i += m[0].length;
  }
  copy(text.length);
  from.push(text.length);
  return { text: out, from };
}

/**
 * Is an encoded ChatML special token (or a look-alike of one, once decoded)
 * at `at` (an `&`, `%`, `\` or `<`)? The finding spans the encoded text.
 *
 * `quick: false` skips the cheap looks (the sticky first look, the closer in
 * reach, mayStillOpen) that keep hostile text linear in practice (a test
 * checks they change no answer).
 */
export function encodedTokenAt(text: string, at: number, quick = true): Finding | undefined {
  const code = text.charCodeAt(at);
  // A run of backslashes is looked at once, from its first.
  if (code === 92 && text.charCodeAt(at - 1) === 92) return undefined;
  const pattern = code === 60 ? ENCODED_AFTER_OPENER : ENCODED_OPENER;
  pattern.lastIndex = at;
  if (quick && !pattern.test(text)) return undefined;
  const window = text.slice(at, at + WINDOW);
  // A token ends with a closer: no closer in reach, in any spelling, and there is nothing to decode.
  if (quick && !POSSIBLE_CLOSER.test(window)) return undefined;
  let current = window;
  // Each layer's map from its characters to the previous layer's (composed only for a finding).
  const maps: number[][] = [];
  const origin = (index: number) => maps.reduceRight((j, from) => from[j] as number, index);
  const encodings = new Set<(typeof ENCODINGS)[number]>();
  for (let layer = 0; layer < LAYERS; layer++) {
    const { text: decoded, from } = decodeLayer(current);
    if (decoded === current) break;
    for (const name of encodingsUsed(current)) encodings.add(name);
    maps.push(from);
    current = decoded;
    if (quick && !mayStillOpen(current)) return undefined;
    if (current.charCodeAt(0) !== 60) continue; // not yet an opener: perhaps after another layer
    const token = specialTokenAt(current, 0);
    const reads = token !== undefined ? { token, end: token.length } : readAs(current);
    if (reads === undefined) continue;
    const end = at + origin(reads.end);
    const source = text.slice(at, end);
    if (source === current.slice(0, reads.end)) return undefined; // spelled out, not encoded: other rules' finding
    const lookalike = token === undefined ? `${visible(current.slice(0, reads.end))}, a look-alike of ` : "";
    const layers = layer === 0 ? "" : `, encoded ${layer + 1} times`;
    return {
      rule: "special-token-lookalike",
      start: at,
      end,
      message:
        `${visible(source)} encodes ${lookalike}the special token ${reads.token} ` +
        `(${[...encodings].map((e) => e.name).join(", ")}${layers}); ` +
        `${[...encodings].map((e) => e.decoder).join(" or ")} turns it into the token`,
    };
  }
  return undefined;
}

/** A decoded text that reads as a token by the look-alike rule (`&lt;|IM_END|&gt;`). */
function readAs(decoded: string): { token: string; end: number } | undefined {
  const found = lookalikeAt(decoded, 0);
  if (found === undefined) return undefined;
  const token = /special token (<\|[^|]+\|>)/.exec(found.message)?.[1];
  return token === undefined ? undefined : { token, end: found.end };
}

/** The encodings, how to tell them in a layer, and what decodes them. */
const ENCODINGS = [
  { name: "HTML entities", seen: /&(?:#|[a-z]{2,13};?)/i, decoder: "an HTML renderer or entity decoder" },
  { name: "percent-encoding", seen: /%[0-9a-f]{2}/i, decoder: "a URL decoder" },
  { name: "backslash escapes", seen: /\\[\\ux]/i, decoder: "a JSON or string-escape decoder" },
] as const;

/** Which encodings a layer undid. */
function encodingsUsed(text: string): Array<(typeof ENCODINGS)[number]> {
  return ENCODINGS.filter((encoding) => encoding.seen.test(text));
}
