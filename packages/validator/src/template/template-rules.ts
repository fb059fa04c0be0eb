// The template rules as validate runs them (validate-checks.ts calls these): a transcript's
// placeholders as the parser read them (`parse`'s `placeholders`: its diagnostics are among the
// parser's), a messages template's found in each role, name and content by scanPlaceholders.
import { scanPlaceholders } from "@chatmlkit/parser";
import type { Field, ReadInput } from "../input.js";
import type { DiagnosticCode } from "../rules.js";
import { checkPlaceholders, unusedVariables } from "./template-checks.js";
import type { DeclaredVariable } from "./variables.js";

/** A template finding where validate places it: in a field (JSON), or at offsets of the transcript. */
export interface PlacedFinding {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly field: Field | undefined;
  readonly start: number;
  readonly end: number;
  readonly index: number | undefined;
}

/** Collects a template's findings as validate reads it, and the variables it uses. */
export class TemplateRules {
  readonly used = new Set<string>();

  constructor(readonly declared: ReadonlyMap<string, DeclaredVariable> | undefined) {}

  /** A transcript's findings, from the parser's reading (read with placeholders). */
  transcript(read: ReadInput): PlacedFinding[] {
    const doc = read.document;
    const text = read.text ?? "";
    if (doc === undefined) return [];
    const found: PlacedFinding[] = [];
    doc.messages.forEach((m, index) => {
      const inMessage = (doc.placeholders ?? []).filter((p) => p.messageIndex === index);
      for (const p of inMessage) this.used.add(p.name);
      const { contentStart, contentEnd } = m.span;
      for (const f of checkPlaceholders(
        text.slice(contentStart, contentEnd),
        inMessage,
        contentStart,
        this.declared,
      ))
        found.push({
          code: f.rule,
          message: f.message,
          field: undefined,
          start: contentStart + f.start,
          end: contentStart + f.end,
          index,
        });
    });
    return found;
  }

  /** A JSON message's field: template syntax in a role or name chooses structure; a content's placeholders are checked. */
  field(field: Field, index: number | undefined): PlacedFinding[] {
    // Content given as parts: each part's text on its own (a value fills one part).
    if (field.parts !== undefined) return field.parts.flatMap((part) => this.field(part.field, index));
    if (!field.text.includes("{")) return [];
    const scan = scanPlaceholders(field.text);
    const at = (code: DiagnosticCode, message: string, start: number, end: number): PlacedFinding => ({
      code,
      message,
      field,
      start,
      end,
      index,
    });
    if (field.kind === "role" || field.kind === "name") {
      return [...scan.placeholders, ...scan.problems].map((p) =>
        at(
          "placeholder-in-header",
          `a placeholder in a message's ${field.kind}: a value would choose it; only contents take values`,
          p.start,
          p.end,
        ),
      );
    }
    if (field.kind !== "content") return [];
    for (const p of scan.placeholders) this.used.add(p.name);
    return [
      ...scan.problems.map((p) => at(p.code, p.message, p.start, p.end)),
      ...checkPlaceholders(field.text, scan.placeholders, 0, this.declared).map((f) =>
        at(f.rule, f.message, f.start, f.end),
      ),
    ].sort((a, b) => a.start - b.start);
  }

  /** unused-variable, once every placeholder has been seen. */
  unused(read: ReadInput): PlacedFinding[] {
    if (this.declared === undefined) return [];
    const field: Field | undefined =
      read.kind === "transcript" ? undefined : { text: "", label: "", kind: "content", base: 0, path: "$" };
    return unusedVariables(this.declared, this.used).map((name) => ({
      code: "unused-variable",
      message: `the variable ${name} is declared but no placeholder uses it`,
      field,
      start: 0,
      end: 0,
      index: undefined,
    }));
  }
}
