import { relative, resolve, sep } from "node:path";
import type { RuleInfo } from "@chatmlkit/validator/rules";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { LintMessage, LintResult } from "../lint/types.js";
import { helpUri, ruleMarkdown, ruleText } from "../rules/doc.js";
import type { FormatReporter, Write } from "./report.js";

/** The whole log of `results` as one string (see sarifReporter). */
export function sarif(
  results: readonly LintResult[],
  rules: readonly RuleInfo[],
  cwd: string,
  version: string,
): string {
  let out = "";
  const reporter = sarifReporter(
    (text) => {
      out += text;
    },
    rules,
    cwd,
    version,
  );
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end();
  return out;
}

/** Stands for the results in the log's text, which is cut there to write them in between. */
const RESULTS = "\u0000results\u0000";
/** A result's indent in the log (it is an item of runs[0].results). */
const INDENT = " ".repeat(8);

/**
 * SARIF 2.1.0: one run, every rule chatml can report in tool.driver.rules,
 * results pointing at files relative to %SRCROOT% (the working directory),
 * every problem (no cap: it is read by programs). The log is written as lint
 * goes, results last, so none is held.
 */
export function sarifReporter(
  write: Write,
  rules: readonly RuleInfo[],
  cwd: string,
  version: string,
): FormatReporter {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map(descriptor);
  const logWith = (results: unknown[]) => {
    const log: Log = {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "chatml",
              informationUri: "https://github.com/chatmlkit/chatmlkit",
              semanticVersion: version,
              rules: descriptors,
            },
          },
          originalUriBaseIds: {
            "%SRCROOT%": { uri: `file://${cwd.split(sep).join("/").replace(/\/?$/, "/")}` },
          },
          columnKind: "utf16CodeUnits",
          results: results as Result[],
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  };
  const text = logWith([RESULTS]);
  const cut = text.indexOf(JSON.stringify(RESULTS));
  const before = text.slice(0, cut);
  const after = text.slice(cut + JSON.stringify(RESULTS).length);
  let written = 0;
  return {
    add(part) {
      const uri = part.filePath.startsWith("<")
        ? part.filePath
        : relative(cwd, resolve(cwd, part.filePath)).split(sep).join("/");
      let out = "";
      for (const m of part.messages) {
        out += `${written === 0 ? before : `,\n${INDENT}`}${JSON.stringify(result(m, uri, index), null, 2).replaceAll("\n", `\n${INDENT}`)}`;
        written++;
      }
      write(out);
    },
    endFile() {},
    end() {
      write(written === 0 ? logWith([]) : after);
    },
  };
}

/** A rule as SARIF describes it, from its registry entry: code scanning shows the help beside each alert. */
function descriptor(rule: RuleInfo): ReportingDescriptor {
  return {
    id: rule.id,
    shortDescription: { text: rule.summary },
    fullDescription: { text: `${rule.summary} ${rule.rationale}` },
    help: { text: ruleText(rule), markdown: ruleMarkdown(rule) },
    helpUri: helpUri(rule),
    defaultConfiguration: { level: rule.defaultLevel === "error" ? "error" : "warning" },
    properties: { tags: [rule.category] },
  };
}

function result(m: LintMessage, uri: string, index: ReadonlyMap<string, number>): Result {
  const ruleIndex = index.get(m.ruleId);
  return {
    ruleId: m.ruleId,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: m.severity === 2 ? "error" : "warning",
    message: { text: m.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
          region: {
            startLine: m.line,
            startColumn: m.column,
            endLine: m.endLine,
            endColumn: m.endColumn,
          },
        },
      },
    ],
  };
}
