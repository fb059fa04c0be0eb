import type { LintResult } from "../lint/types.js";

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`, escaped as documented. */
export function github(results: readonly LintResult[]): string {
  let out = "";
  for (const r of results) {
    for (const m of r.messages) {
      const properties = [
        `file=${property(r.filePath)}`,
        `line=${m.line}`,
        `col=${m.column}`,
        `endLine=${m.endLine}`,
        `endColumn=${m.endColumn}`,
        `title=${property(`chatml ${m.ruleId}`)}`,
      ].join(",");
      out += `::${m.severity === 2 ? "error" : "warning"} ${properties}::${data(m.message)}\n`;
    }
  }
  return out;
}

/** Message text: %, CR and LF are escaped. */
function data(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Property values also escape ":" and ",". */
function property(text: string): string {
  return data(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
