// Fingerprints that name a problem, not a place: code scanning and GitLab's merge request widget
// match a problem across runs by them, so one that moves down when lines are added above it must
// keep its fingerprint (a line number in it would make every problem below an edit look new, and
// bring dismissed alerts back).
import { createHash } from "node:crypto";
import type { LintMessage, ReportPart } from "../lint/types.js";

/**
 * Gives each problem of a file a fingerprint: a hash of its rule, its file's
 * repository path and the text of its (first) line, whitespace collapsed,
 * with the occurrence of that triple in the file (two special tokens on one
 * line, or duplicate lines of a dataset, differ by it). Where lint kept no
 * text of the line (a file that does not read as a prompt is never quoted,
 * see input/prompt.ts), the problem's message stands in for it. Call
 * `endFile` after each file: counts are per file, so memory is bounded by one
 * file's problems.
 */
export class Fingerprints {
  readonly #occurrences = new Map<string, number>();
  #source: string | undefined;
  #lines: readonly string[] = [];
  #cached: { readonly line: number; readonly digest: string } | undefined;

  /** `hash:occurrence` (from 1), hex; the same problem gets the same one in every run. */
  of(path: string, part: ReportPart, m: LintMessage): string {
    const key = digest(JSON.stringify([m.ruleId, path, this.#content(part, m)])).slice(0, 32);
    const occurrence = (this.#occurrences.get(key) ?? 0) + 1;
    this.#occurrences.set(key, occurrence);
    return `${key}:${occurrence}`;
  }

  endFile(): void {
    this.#occurrences.clear();
    this.#source = undefined;
    this.#lines = [];
    this.#cached = undefined;
  }

  /** What stands for the problem's place: its line's text (hashed once per line), else its message. */
  #content(part: ReportPart, m: LintMessage): string {
    if (this.#cached?.line === m.line) return this.#cached.digest;
    let text: string | undefined;
    if (part.source !== undefined) {
      if (part.source !== this.#source) {
        this.#source = part.source;
        this.#lines = part.source.split(/\r?\n|\r/);
      }
      text = this.#lines[m.line - 1];
    } else {
      text = part.lines?.get(m.line);
    }
    if (text === undefined) return `message:${m.message}`;
    // A line of a dataset can be megabytes long: its digest, not its text, goes into each key.
    this.#cached = { line: m.line, digest: `line:${digest(text.replace(/\s+/g, " ").trim())}` };
    return this.#cached.digest;
  }
}

/** SHA-256, hex. */
export const digest = (text: string): string => createHash("sha256").update(text).digest("hex");
