// Message cards: role, name, content (with each diagnostic marked where it is), tool calls,
// and the message's tokens. A long conversation shows its first cards and a button for more.
import { type Card, contentOf, type Finding } from "../analysis.js";
import { h, num } from "../dom.js";
import { badge } from "./tokens.js";
import { appendVisible } from "./visible.js";

/** Cards drawn before "show more". */
const CARDS_PER_STEP = 100;
/** Characters of one message's content drawn before "show all". */
const CONTENT_LIMIT = 20_000;

export function renderCards(
  root: HTMLElement,
  cards: readonly Card[],
  findings: readonly Finding[],
  next: string,
  input: string,
): void {
  const byCard = new Map<number, { f: Finding; index: number }[]>();
  findings.forEach((f, index) => {
    if (f.card === undefined) return;
    const list = byCard.get(f.card.index) ?? [];
    list.push({ f, index });
    byCard.set(f.card.index, list);
  });
  const list = h("ol", { class: "cards", "aria-label": "Messages" });
  let shown = 0;
  const more = h("button", { type: "button", class: "more" });
  const step = () => {
    const next = Math.min(cards.length, shown + CARDS_PER_STEP);
    for (let i = shown; i < next; i++) list.append(card(cards[i] as Card, byCard.get(i) ?? [], input));
    shown = next;
    more.hidden = shown >= cards.length;
    more.textContent = `Show ${num(Math.min(CARDS_PER_STEP, cards.length - shown))} more messages (${num(cards.length - shown)} not shown)`;
  };
  more.addEventListener("click", step);
  step();
  // What the model writes next comes after the last card, once every card is shown.
  const after = h("p", { class: "next", hidden: shown < cards.length }, next);
  more.addEventListener("click", () => {
    after.hidden = shown < cards.length;
  });
  root.replaceChildren(cards.length === 0 ? h("p", { class: "note" }, "No messages.") : list, more, after);
}

function card(c: Card, marks: readonly { f: Finding; index: number }[], input: string): HTMLElement {
  const head = h(
    "header",
    {},
    h("span", { class: "role" }, c.role ?? "(no role)"),
    c.name !== undefined && h("span", { class: "name" }, `name: ${c.name}`),
    c.toolCallId !== undefined && h("span", { class: "name" }, `answers ${c.toolCallId}`),
    h("span", { class: "count" }, c.tokens === undefined ? "" : `${num(c.tokens)} tokens`),
  );
  const content = h("div", { class: "content" });
  fillContent(content, contentOf(c, input), marks, CONTENT_LIMIT);
  const item = h(
    "li",
    { class: "card", id: `card-${c.index}`, "aria-label": `message ${c.index + 1}: ${c.role ?? "no role"}` },
    head,
    content,
  );
  if (c.toolCalls.length > 0) {
    item.append(
      h(
        "ul",
        { class: "calls", "aria-label": "tool calls" },
        ...c.toolCalls.map((t) =>
          h(
            "li",
            {},
            h("span", { class: "call-name" }, `calls ${t.name ?? "(no name)"}`),
            t.id !== undefined && ` (${t.id})`,
            h("code", {}, t.arguments),
          ),
        ),
      ),
    );
  }
  for (const note of c.notes) item.append(h("p", { class: "card-note" }, note));
  return item;
}

/** The content with each finding's range in a <mark> followed by its rule badge. */
function fillContent(
  root: HTMLElement,
  text: string,
  marks: readonly { f: Finding; index: number }[],
  limit: number,
): void {
  root.replaceChildren();
  if (text === "") {
    root.append(h("span", { class: "empty" }, "(empty)"));
    return;
  }
  const shown = text.length > limit ? text.slice(0, limit) : text;
  const sorted = [...marks].sort((a, b) => (a.f.card?.start ?? 0) - (b.f.card?.start ?? 0));
  let at = 0;
  for (const { f, index } of sorted) {
    const range = f.card as { start: number; end: number };
    const start = Math.max(range.start, at);
    if (start >= shown.length) break;
    appendVisible(root, shown.slice(at, start), false);
    const end = Math.min(Math.max(range.end, start), shown.length);
    const mark = h("mark", { class: `sev-${f.severity}`, "data-rule": f.code });
    appendVisible(mark, shown.slice(start, end), false);
    root.append(mark, badge(f, index));
    at = end;
  }
  appendVisible(root, shown.slice(at), false);
  if (shown.length < text.length) {
    const all = h("button", { type: "button", class: "more" }, `Show all ${num(text.length)} characters`);
    all.addEventListener("click", () => fillContent(root, text, marks, Number.POSITIVE_INFINITY));
    root.append(all);
  }
}
