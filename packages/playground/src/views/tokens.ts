// The token view: the text the model reads, one box per token (alternating, with a border, so
// boundaries show without colour), special tokens drawn apart, whitespace visible, and each
// diagnostic's tokens flagged with its rule id. A page of tokens at a time: a 1 MB transcript
// has ~250,000 tokens, more than a page should lay out at once.
import type { TokenSpans } from "@chatmlkit/validator";
import type { Finding } from "../analysis.js";
import { h, num } from "../dom.js";
import { appendVisible } from "./visible.js";

/** Tokens drawn per page. */
export const TOKENS_PER_PAGE = 2000;

export interface TokenViewInput {
  readonly text: string;
  readonly spans: TokenSpans;
  readonly findings: readonly Finding[];
  readonly note: string;
}

/** The index of the token holding offset `at` (the last token for the end of the text). */
export function tokenAt(spans: TokenSpans, at: number): number {
  let lo = 0;
  let hi = spans.ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans.ends[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

interface Mark {
  readonly f: Finding;
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** Draws page `page` of the tokens into `root`; `onPage` is called with the page a button asks for. */
export function renderTokens(
  root: HTMLElement,
  input: TokenViewInput,
  page: number,
  onPage: (page: number) => void,
): void {
  const { text, spans } = input;
  const total = spans.ids.length;
  const pages = Math.max(1, Math.ceil(total / TOKENS_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const first = current * TOKENS_PER_PAGE;
  const last = Math.min(total, first + TOKENS_PER_PAGE);
  const nav = h(
    "div",
    { class: "pager" },
    h(
      "span",
      { id: "token-range" },
      total === 0 ? "No tokens." : `Tokens ${num(first + 1)}–${num(last)} of ${num(total)}`,
    ),
  );
  if (pages > 1) {
    const prev = h("button", { type: "button", disabled: current === 0 }, "Previous tokens");
    const next = h("button", { type: "button", disabled: current === pages - 1 }, "Next tokens");
    prev.addEventListener("click", () => onPage(current - 1));
    next.addEventListener("click", () => onPage(current + 1));
    nav.append(prev, next);
  }
  const marks: Mark[] = [];
  input.findings.forEach((f, index) => {
    if (f.view !== undefined)
      marks.push({ f, index, start: f.view.start, end: Math.max(f.view.end, f.view.start + 1) });
  });
  marks.sort((a, b) => a.start - b.start);
  const box = h("div", { class: "tokens", id: "token-text" });
  const fragment = document.createDocumentFragment();
  let m = 0;
  for (let i = first; i < last; i++) {
    const start = i === 0 ? 0 : (spans.ends[i - 1] as number);
    const end = spans.ends[i] as number;
    const special = spans.special[i] === 1;
    const tok = document.createElement("span");
    tok.className = special ? "tok special" : i % 2 === 0 ? "tok t0" : "tok t1";
    tok.title = `token ${i + 1}, id ${spans.ids[i]}${special ? ", a special token" : ""}`;
    if (end === start) tok.classList.add("cont");
    else appendVisible(tok, text.slice(start, end), true);
    // Findings whose range this token overlaps; a badge follows the last token of each.
    while (m < marks.length && (marks[m] as Mark).end <= start) m++;
    const badges: HTMLElement[] = [];
    const reach = Math.max(end, start + 1);
    for (let k = m; k < marks.length && (marks[k] as Mark).start < reach; k++) {
      const { f, index, end: markEnd } = marks[k] as Mark;
      if (markEnd <= start) continue;
      tok.classList.add("hit", `sev-${f.severity}`);
      tok.dataset.rule = f.code;
      if (markEnd <= reach || i === last - 1) badges.push(badge(f, index));
    }
    fragment.append(tok, ...badges);
  }
  box.append(fragment);
  root.replaceChildren(
    h("p", { class: "note" }, input.note),
    h(
      "p",
      { class: "legend" },
      "Each box is one token; ",
      h("span", { class: "tok special" }, "<|im_start|>"),
      " is a special token (one id); · is a space, → a tab, ↵ a newline; + a token that continues the character before it.",
    ),
    nav,
    box,
  );
}

/** A diagnostic's rule id beside its place, linking to it in the list. */
export function badge(f: Finding, index: number): HTMLElement {
  return h(
    "a",
    { class: `badge sev-${f.severity}`, href: `#diag-${index}`, "data-rule": f.code },
    `${f.severity === "error" ? "✖" : f.severity === "warning" ? "▲" : "ℹ"} ${f.code}`,
  );
}
