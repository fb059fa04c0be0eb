import { relative, resolve, sep } from "node:path";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { LintResult, RuleDescription } from "../lint/types.js";

/**
 * SARIF 2.1.0: one run, every rule chatml can report in tool.driver.rules,
 * results pointing at files relative to %SRCROOT% (the working directory).
 */
export function sarif(
  results: readonly LintResult[],
  rules: readonly RuleDescription[],
  cwd: string,
  version: string,
): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.description },
    defaultConfiguration: { level: r.defaultSeverity === "error" ? "error" : "warning" },
    helpUri: "https://github.com/chatmlkit/chatmlkit/blob/main/packages/validator/README.md",
  }));
  const out: Result[] = [];
  for (const r of results) {
    const uri = r.filePath.startsWith("<")
      ? r.filePath
      : relative(cwd, resolve(cwd, r.filePath)).split(sep).join("/");
    for (const m of r.messages) {
      const ruleIndex = index.get(m.ruleId);
      out.push({
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
      });
    }
  }
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
        results: out,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
