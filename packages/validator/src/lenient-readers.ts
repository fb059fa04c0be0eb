import { confusablesMap as latinLookalikes } from "confusables";
import confusables from "unhomoglyph/data.json" with { type: "json" };

/**
 * How lenient readers see a string: the normalisers that the look-alike rule
 * is defined by. A text is a look-alike of a special token when any of these
 * readers reads it as that token, which is what a serving stack that
 * "cleans" its input, or a person, would do:
 *
 * - NFKC, then NFKD with combining marks removed;
 * - default-ignorable characters, C0 and C1 controls and every whitespace or
 *   separator removed (a run of forty spaces inside a token reads as none);
 * - case folded;
 * - the UTS #39 confusable skeleton, from Unicode's confusables.txt (through
 *   the unhomoglyph package's copy of it), before and after case folding,
 *   and the Latin look-alikes confusables.txt keeps apart (small capitals),
 *   from the confusables package's list;
 * - the separators of token names (`_`, `-`, `.`, U+2581...) ignored;
 * - and, on its own, the plain UTS #39 skeleton (NFD, confusables, NFD).
 *
 * Each reader maps a string to a key; two strings read alike when their keys
 * are equal.
 */
export type Reader = (text: string) => string;

/**
 * Characters every lenient reader drops: marks (after NFKD), default-ignorables, controls, format
 * characters (Egyptian hieroglyph controls, prepended number signs), whitespace, separators, and the
 * blank Braille pattern (it shows as a space).
 */
const DROPPED = /[\p{M}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Z}\s\u2800]/gu;
/** Separators inside a token's name that a lenient reader takes as the same (or as none). */
const NAME_SEPARATORS = /[_\-.‐‑‒–—―▁·]/g;

/** Confusables.txt as a map, built on first use (a full reading is only needed for rare candidates). */
let prototypes: Map<string, string> | undefined;

/** Each character replaced by its confusable prototype (UTS #39's mapping step). */
function toPrototypes(text: string): string {
  prototypes ??= new Map(Object.entries(confusables as Record<string, string>));
  let out = "";
  for (const ch of text) out += prototypes.get(ch) ?? ch;
  return out;
}

/**
 * Brackets and bars a person reads as `<`, `>` and `|` that confusables.txt
 * does not list as confusable with them (mathematical angle brackets, box
 * drawing and broken bars).
 */
const READ_AS: ReadonlyMap<string, string> = new Map([
  ...[..."〈〈⟨❬❰⧼⦑⟪《≺⊰"].map((ch) => [ch, "<"] as const),
  ...[..."〉〉⟩❭❱⧽⦒⟫》≻⊱"].map((ch) => [ch, ">"] as const),
  // Bars: broken and box-drawing bars, the CJK stroke 丨 and radical ⼁, Hangul ㅣ (NFKC: U+1175), the danda ।, edge bars.
  ...[..."¦ǀ│┃￨⏐❘︱︳丨⼁ㅣ\u1175।⎸⎹▏▕"].map((ch) => [ch, "|"] as const),
]);
const READ_AS_PATTERN = new RegExp(`[${[...READ_AS.keys()].join("")}]`, "gu");

/** NFKC, NFKD, what every reader drops, and the brackets and bars a person reads as ASCII. */
function stripped(text: string): string {
  return text
    .normalize("NFKC")
    .normalize("NFKD")
    .replace(DROPPED, "")
    .replace(READ_AS_PATTERN, (ch) => READ_AS.get(ch) as string);
}

/** The most lenient reading: case folded first, then confusables. */
const caseFirst: Reader = (text) =>
  toPrototypes(stripped(text).toLowerCase()).toLowerCase().replace(NAME_SEPARATORS, "");

/** Confusables first (so `I` reads as `l`, a bar, as it looks), then case folded. */
const confusablesFirst: Reader = (text) =>
  toPrototypes(toPrototypes(stripped(text)).toLowerCase())
    .toLowerCase()
    .replace(NAME_SEPARATORS, "");

/**
 * Letters that look Latin but that confusables.txt keeps apart (small
 * capitals such as `ᴇ` and `ɪ`, `г`, `ո`), mapped to the Latin letter by the
 * `confusables` package's list, then read like the most lenient reader.
 */
const latinFirst: Reader = (text) => {
  let latin = "";
  for (const ch of stripped(text)) latin += latinLookalikes.get(ch) ?? ch;
  return toPrototypes(latin.toLowerCase()).toLowerCase().replace(NAME_SEPARATORS, "");
};

/** The UTS #39 skeleton, as the standard defines it. */
const skeleton: Reader = (text) => toPrototypes(text.normalize("NFD")).normalize("NFD");

/** Every reader the look-alike rule is defined by. */
export const READERS: readonly Reader[] = [caseFirst, confusablesFirst, latinFirst, skeleton];

/**
 * Does some reading of each character, on its own, spell `key` (a
 * `caseFirst` key of a token)? This is the readers taken a character at a
 * time: `ІМ_END` mixes a letter that only case folding reads as `i` (І) with
 * one that only the confusables read as `m` (М), and `f˛Ｍ` one only the
 * skeleton reads (˛ as `i`) with one only case folding does (Ｍ): no single
 * reader of the whole text joins them. Each character may be read any way
 * some reader reads it alone (case folded, name separators dropped); the
 * readings must spell the key exactly.
 */
export function spellsPerCharacter(text: string, key: string): boolean {
  let reachable = new Set([0]);
  for (const ch of text) {
    const next = new Set<number>();
    for (const reading of characterReadings(ch)) {
      for (const at of reachable) if (key.startsWith(reading, at)) next.add(at + reading.length);
    }
    if (next.size === 0) return false;
    reachable = next;
  }
  return reachable.has(key.length);
}

/** What the readers make of one character alone, case folded, without name separators (kept: a text's characters repeat). */
const readingsCache = new Map<string, readonly string[]>();
function characterReadings(ch: string): readonly string[] {
  let readings = readingsCache.get(ch);
  if (readings === undefined) {
    if (readingsCache.size >= 4096) readingsCache.clear();
    readings = [...new Set(READERS.map((read) => read(ch).toLowerCase().replace(NAME_SEPARATORS, "")))];
    readingsCache.set(ch, readings);
  }
  return readings;
}

/** The key `spellsPerCharacter` compares with: the most lenient reader's. */
export const characterKey: Reader = caseFirst;
