// The diagnostics list: severity in words and a symbol (never colour alone), the rule id
// linking to its docs, the message, and a button that selects the place in the input.
import type { Finding } from "../analysis.js";
import { h, num } from "../dom.js";

const SHOWN = 200;
const WORD = { error: "✖ error", warning: "▲ warning", info: "ℹ info" } as const;

export function renderFindings(
  root: HTMLElement,
  findings: readonly Finding[],
  counts: { errors: number; warnings: number },
  goTo: (finding: Finding) => void,
): void {
  const heading = h(
    "p",
    { class: "tally" },
    findings.length === 0
      ? "✔ No problems found."
      : `${num(counts.errors)} error${counts.errors === 1 ? "" : "s"}, ${num(counts.warnings)} warning${counts.warnings === 1 ? "" : "s"}`,
  );
  const list = h("ol", { class: "findings" });
  findings.slice(0, SHOWN).forEach((f, index) => {
    const where = f.input === undefined ? undefined : `line ${f.input.line}, column ${f.input.column}`;
    const go = h(
      "button",
      { type: "button", class: "goto", disabled: f.input === undefined },
      where ?? "no place",
    );
    go.addEventListener("click", () => goTo(f));
    list.append(
      h(
        "li",
        { id: `diag-${index}`, class: `finding sev-${f.severity}`, tabindex: -1, "data-rule": f.code },
        h("span", { class: "sev" }, WORD[f.severity]),
        " ",
        f.docUrl === undefined
          ? h("code", { class: "rule" }, f.code)
          : h(
              "a",
              { class: "rule", href: f.docUrl, target: "_blank", rel: "noopener noreferrer" },
              f.code,
              h("span", { class: "sr-only" }, " (the rule's documentation)"),
            ),
        " ",
        h("span", { class: "message" }, f.message),
        " ",
        f.path !== undefined && h("code", { class: "path" }, f.path),
        " ",
        go,
      ),
    );
  });
  root.replaceChildren(
    heading,
    list,
    findings.length > SHOWN
      ? h("p", { class: "note" }, `The first ${SHOWN} of ${num(findings.length)} are listed.`)
      : "",
  );
}
