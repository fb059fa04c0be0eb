// The count against the model: prompt tokens, the answer's reservation and the context window,
// drawn as a bar with the figures in words beside it.
import type { Analysis } from "../analysis.js";
import { h, num } from "../dom.js";

export function renderSummary(root: HTMLElement, a: Analysis, viewTokens: number): void {
  const c = a.count;
  if (c === undefined) {
    root.replaceChildren(
      h("p", {}, "Not counted: the input is not messages the model could read (see the diagnostics)."),
    );
    return;
  }
  const used = c.promptTokens + c.maxTokens;
  const verdict = c.fits
    ? `✔ fits: ${num(c.contextWindow - used)} tokens to spare`
    : `✖ does not fit: ${num(used - c.contextWindow)} tokens over`;
  const how =
    c.formula === "completions-raw"
      ? "the transcript as the Completions endpoint tokenizes it"
      : `the Chat Completions formula (${c.formula})`;
  root.replaceChildren(
    h(
      "p",
      { class: "figures" },
      h("strong", { id: "prompt-tokens" }, num(c.promptTokens)),
      ` prompt tokens${c.exact ? "" : " (an estimate)"} + ${num(c.maxTokens)} max_tokens of ${num(c.contextWindow)} in ${c.model}'s context window: `,
      h("span", { class: c.fits ? "ok" : "bad" }, verdict),
    ),
    h("meter", {
      min: 0,
      max: c.contextWindow,
      value: Math.min(used, c.contextWindow),
      high: c.contextWindow * 0.9,
      "aria-label": "prompt tokens and max_tokens in the context window",
    }),
    h(
      "p",
      { class: "note" },
      `Counted with ${how}, ${c.encoding}. The token view below has ${num(viewTokens)} tokens.`,
      ...c.notes.map((n) => h("span", { class: "count-note" }, ` ${n}`)),
    ),
  );
}
