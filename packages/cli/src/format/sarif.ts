import type { RuleInfo } from "@chatmlkit/validator/rules";
import type { ArtifactLocation, Invocation, Log, ReportingDescriptor, Result } from "sarif";
import type { LintMessage, LintResult } from "../lint/types.js";
import { helpUri, ruleMarkdown, ruleText } from "../rules/doc.js";
import { Fingerprints } from "./fingerprint.js";
import { encodePath, fileUri, type PathContext, reportFile } from "./paths.js";
import type { FormatReporter, RunEnd, Write } from "./report.js";

/** The whole log of `results` as one string (see sarifReporter); paths relative to `root`. */
export function sarif(
  results: readonly LintResult[],
  rules: readonly RuleInfo[],
  cwd: string,
  version: string,
  root = cwd,
): string {
  let out = "";
  const reporter = sarifReporter(
    (text) => {
      out += text;
    },
    rules,
    { cwd, root },
    version,
  );
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end({ exitCode: results.some((r) => r.errorCount > 0) ? 1 : 0 });
  return out;
}

/** Stands for the results in the log's text, which is cut there to write them in between. */
const RESULTS = "\u0000results\u0000";
/** A result's indent in the log (it is an item of runs[0].results). */
const INDENT = " ".repeat(8);
/** The base every repository path is relative to; originalUriBaseIds says where it was. */
const SRCROOT = "%SRCROOT%";
/** partialFingerprints' key: ours, versioned (GitHub computes primaryLocationLineHash itself). */
const FINGERPRINT = "chatmlProblemHash/v1";

/**
 * SARIF 2.1.0: one run, every rule chatml can report in tool.driver.rules,
 * results pointing at files relative to %SRCROOT% (the repository root, see
 * repoRoot), percent-encoded, each with a fingerprint that survives lines
 * added above it, and the invocation's exit code. Every problem (no cap: it
 * is read by programs). The log is written as lint goes, results before the
 * invocation (known only at the end), so none is held.
 */
export function sarifReporter(
  write: Write,
  rules: readonly RuleInfo[],
  paths: PathContext,
  version: string,
): FormatReporter {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map(descriptor);
  const logWith = (results: unknown[], invocation: Invocation) => {
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
          originalUriBaseIds: { [SRCROOT]: { uri: fileUri(paths.root, true) } },
          columnKind: "utf16CodeUnits",
          results: results as Result[],
          invocations: [invocation],
        },
      ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  };
  const marker = JSON.stringify(RESULTS);
  // What comes before the results does not depend on the invocation, which comes after them.
  const before = (() => {
    const text = logWith([RESULTS], invocationOf({ exitCode: 0 }));
    return text.slice(0, text.indexOf(marker));
  })();
  const fingerprints = new Fingerprints();
  let written = 0;
  return {
    add(part) {
      const { location, path } = artifactOf(part.filePath, paths);
      let out = "";
      for (const m of part.messages) {
        const r = result(m, location, index, fingerprints.of(path, part, m));
        out += `${written === 0 ? before : `,\n${INDENT}`}${JSON.stringify(r, null, 2).replaceAll("\n", `\n${INDENT}`)}`;
        written++;
      }
      write(out);
    },
    endFile() {
      fingerprints.endFile();
    },
    end(run) {
      const invocation = invocationOf(run);
      if (written === 0) {
        write(logWith([], invocation));
        return;
      }
      const text = logWith([RESULTS], invocation);
      write(text.slice(text.indexOf(marker) + marker.length));
    },
  };
}

/** Exit 0 or 1 is a run that did its work (1: it found problems); any other is one that failed. */
function invocationOf(run: RunEnd): Invocation {
  return { executionSuccessful: run.exitCode === 0 || run.exitCode === 1, exitCode: run.exitCode };
}

/**
 * A file's artifactLocation, and the path its fingerprints use. A file
 * inside the repository is a relative URI against %SRCROOT%; one outside it
 * an absolute file:// URI (no base: resolving it against the root would name
 * another file). stdin without --stdin-filename is `%3Cstdin%3E`: the name
 * every other format gives it, percent-encoded so that it is a valid URI
 * reference (`<` and `>` are not allowed in one), and with no base, since it
 * is no file of the repository (nor can be on Windows, where `<` and `>` are
 * not allowed in file names).
 */
function artifactOf(filePath: string, paths: PathContext): { location: ArtifactLocation; path: string } {
  const file = reportFile(filePath, paths);
  switch (file.kind) {
    case "relative":
      return { location: { uri: encodePath(file.path), uriBaseId: SRCROOT }, path: file.path };
    case "absolute":
      return { location: { uri: fileUri(file.path) }, path: file.path };
    case "stdin":
      return { location: { uri: encodeURIComponent(file.path) }, path: file.path };
  }
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

function result(
  m: LintMessage,
  artifactLocation: ArtifactLocation,
  index: ReadonlyMap<string, number>,
  fingerprint: string,
): Result {
  const ruleIndex = index.get(m.ruleId);
  return {
    ruleId: m.ruleId,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: m.severity === 2 ? "error" : "warning",
    message: { text: m.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: {
            startLine: m.line,
            startColumn: m.column,
            endLine: m.endLine,
            endColumn: m.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT]: fingerprint },
  };
}
