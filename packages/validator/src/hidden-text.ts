import type { Finding } from "./finding.js";

/**
 * Invisible characters that carry data: Unicode tag characters (U+E0000-U+E007F)
 * mirror ASCII, and variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF) can
 * stand for bytes. Models read both; people see nothing. Both have a job (emoji
 * flags of regions; one selector after a character), which is left alone.
 */

/** How much of a hidden text a message shows. */
const HIDDEN_SHOWN = 80;

/**
 * The run of tag characters or variation selectors at `at` (a surrogate pair
 * or a selector): reports it when it hides something, and returns where the
 * scan goes on.
 */
export function hiddenRunAt(text: string, at: number, report: (finding: Finding) => void): number {
  if (isTag(text, at)) return tagRun(text, at, report);
  if (selectorWidth(text, at) > 0) return selectorRun(text, at, report);
  return at + 2; // any other surrogate pair
}

/** The surrogate pairs of U+E0000-U+E007F. */
const isTag = (text: string, at: number) =>
  text.charCodeAt(at) === 0xdb40 && (text.charCodeAt(at + 1) & 0xff80) === 0xdc00;

/** A tag character mirrors ASCII (U+E0041 is a hidden `A`): one finding per run, showing the text. */
function tagRun(text: string, at: number, report: (finding: Finding) => void): number {
  let end = at;
  let hidden = "";
  while (isTag(text, end)) {
    const ascii = text.charCodeAt(end + 1) - 0xdc00;
    if (ascii >= 0x20 && ascii < 0x7f && hidden.length <= HIDDEN_SHOWN) hidden += String.fromCharCode(ascii);
    end += 2;
  }
  if (isFlagTags(text, at, end, hidden)) return end;
  report({
    rule: "invisible-character",
    start: at,
    end,
    message: `invisible Unicode tag characters (U+E0000-U+E007F) hide the text ${shown(hidden)}: models read it, people do not (ASCII smuggling)`,
  });
  return end;
}

/**
 * Emoji flags of regions (England: U+1F3F4, then tags spelling `gbeng`, then
 * CANCEL TAG U+E007F) are what tag characters are for.
 */
function isFlagTags(text: string, at: number, end: number, hidden: string): boolean {
  const afterBlackFlag = text.charCodeAt(at - 2) === 0xd83c && text.charCodeAt(at - 1) === 0xdff4;
  const cancelled = text.charCodeAt(end - 1) === 0xdc7f;
  // A region and a subdivision of ISO 3166-2: longer lower-case text is a message, not a flag.
  return afterBlackFlag && cancelled && /^[a-z]{2}[a-z0-9]{1,3}$/.test(hidden);
}

/** Length in UTF-16 units of the variation selector at `at`, or 0. */
function selectorWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code >= 0xfe00 && code <= 0xfe0f) return 1;
  if (code !== 0xdb40) return 0;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdd00 && low <= 0xddef ? 2 : 0;
}

/**
 * A character takes at most one variation selector (an emoji's U+FE0F, a CJK
 * ideograph's variant): a run of two or more is data. The usual encoding
 * reads U+FE00-U+FE0F as bytes 0-15 and U+E0100-U+E01EF as 16-255; when those
 * bytes are printable ASCII the message shows them.
 */
function selectorRun(text: string, at: number, report: (finding: Finding) => void): number {
  let end = at;
  let count = 0;
  let hidden = "";
  let ascii = true;
  for (let width = selectorWidth(text, end); width > 0; width = selectorWidth(text, end)) {
    const byte = width === 1 ? text.charCodeAt(end) - 0xfe00 : text.charCodeAt(end + 1) - 0xdd00 + 16;
    ascii &&= byte >= 0x20 && byte < 0x7f;
    if (ascii && hidden.length <= HIDDEN_SHOWN) hidden += String.fromCharCode(byte);
    end += width;
    count++;
  }
  if (count < 2) return end;
  const what = ascii ? `hide the text ${shown(hidden)}` : `can carry ${count} bytes of hidden data`;
  report({
    rule: "invisible-character",
    start: at,
    end,
    message: `${count} variation selectors in a row ${what}: no character takes more than one, models read them, people do not (emoji smuggling)`,
  });
  return end;
}

function shown(hidden: string): string {
  return JSON.stringify(hidden.length > HIDDEN_SHOWN ? `${hidden.slice(0, HIDDEN_SHOWN)}…` : hidden);
}
