import type { LintMessage, LintResult } from "../lint/types.js";
import { type PathContext, reportFile } from "./paths.js";
import type { FormatReporter, Write } from "./report.js";
import { visible } from "./visible.js";

/** The whole report of `results` as one string (see junitReporter). */
export function junit(results: readonly LintResult[], paths: PathContext): string {
  let out = "";
  const reporter = junitReporter((text) => {
    out += text;
  }, paths);
  for (const result of results) {
    reporter.add(result);
    reporter.endFile(result.filePath);
  }
  reporter.end({ exitCode: 0 });
  return out;
}

/** The XML declaration and the root's start tag. */
const HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="chatml lint">\n`;

/** The name of the one passing testcase of a clean file. */
export const CLEAN_CASE = "chatml lint";

/**
 * JUnit XML, as CI systems read test reports (GitLab's `artifacts:reports:junit`,
 * Jenkins, test reporters): one `<testsuite>` per file named (its repository
 * path), one failing `<testcase>` per problem (`<failure type="error|warning">`,
 * every problem: no cap) and, for a file without problems, one passing
 * testcase. A suite's counts come before its testcases, so each file's
 * testcases are held until the file is done (the report is written file by
 * file); `<testsuites>` carries no totals, which readers add up from the
 * suites, so no more is held than one file's.
 */
export function junitReporter(write: Write, paths: PathContext): FormatReporter {
  let cases: string[] = [];
  let begun = false;
  // Written with the first file, not before: until lint starts, -o has no file to write to.
  const begin = () => {
    if (!begun) write(HEAD);
    begun = true;
  };
  return {
    add(part) {
      const path = reportFile(part.filePath, paths).path;
      for (const m of part.messages) cases.push(testcase(path, m));
    },
    endFile(filePath) {
      const path = reportFile(filePath, paths).path;
      const failures = cases.length;
      if (failures === 0)
        cases.push(`    <testcase classname="${xml(path)}" name="${CLEAN_CASE}" time="0"/>\n`);
      begin();
      write(
        `  <testsuite name="${xml(path)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">\n${cases.join("")}  </testsuite>\n`,
      );
      cases = [];
    },
    end() {
      begin();
      write("</testsuites>\n");
    },
  };
}

function testcase(path: string, m: LintMessage): string {
  const severity = m.severity === 2 ? "error" : "warning";
  const where = `${m.line}:${m.column}`;
  return (
    `    <testcase classname="${xml(path)}" name="${xml(`${where} ${m.ruleId}`)}" time="0">\n` +
    `      <failure type="${severity}" message="${xml(m.message)}">${xml(`${path}:${where}: ${severity}: ${m.message} (${m.ruleId})`)}</failure>\n` +
    `    </testcase>\n`
  );
}

/** Every character XML 1.0 has no place for, not even as a reference (`&#1;` is not well-formed). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text for XML content or a quoted attribute: hidden characters written as
 * `\u{XXXX}` as every other format shows them (controls, which XML 1.0
 * forbids, among them; line breaks too, which an attribute would turn into
 * spaces), the few others XML 1.0 forbids (U+FFFE, U+FFFF) likewise, and
 * `& < > " '` as entities.
 */
export function xml(text: string): string {
  return visible(text)
    .replace(NOT_XML, (ch) => `\\u{${(ch.codePointAt(0) as number).toString(16).toUpperCase()}}`)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
