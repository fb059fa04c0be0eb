import { PARSE_DIAGNOSTICS } from "@chatmlkit/parser";
import type { RuleDescription } from "./types.js";

/** The parser's diagnostics, which lint reports under their own codes, and lint's own. */
export const PARSER_RULES: readonly RuleDescription[] = [
  ...PARSE_DIAGNOSTICS.map((d) => ({
    id: d.code,
    defaultSeverity: d.severity === "error" ? ("error" as const) : ("warn" as const),
    description: d.description,
  })),
  { id: "invalid-json", defaultSeverity: "error", description: "A JSON file that is not valid JSON." },
  { id: "invalid-encoding", defaultSeverity: "error", description: "A file that is not UTF-8." },
];
