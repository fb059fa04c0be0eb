import { RULES, ruleInfo, unknownRuleMessage } from "@chatmlkit/validator/rules";
import type { Io } from "../io.js";
import { RULES_DOC_URL, ruleText } from "./doc.js";

/**
 * What `chatml rules` prints: every rule on a line (id, default level,
 * summary), or the docs of the rules named; as JSON, the registry's entries.
 * Returns, for an id no rule has, what to say (naming the closest ids)
 * instead of printing anything: the command makes it a usage error.
 */
export function listRules(io: Io, ids: readonly string[], format: "text" | "json"): string | undefined {
  const unknown = ids.find((id) => ruleInfo(id) === undefined);
  if (unknown !== undefined) return unknownRuleMessage(unknown);
  const chosen = ids.map((id) => ruleInfo(id) as NonNullable<ReturnType<typeof ruleInfo>>);
  if (format === "json") {
    io.stdout.write(`${JSON.stringify(ids.length > 0 ? chosen : RULES, null, 2)}\n`);
    return undefined;
  }
  if (ids.length > 0) {
    io.stdout.write(`${chosen.map(ruleText).join("\n\n")}\n`);
    return undefined;
  }
  const width = Math.max(...RULES.map((r) => r.id.length));
  let out = "";
  for (const rule of RULES)
    out += `${rule.id.padEnd(width)}  ${rule.defaultLevel.padEnd(5)}  ${rule.summary}\n`;
  out += `\n${RULES.length} rules. Set a level with --rule <id>=off|warn|error or a config's "rules"; docs: ${RULES_DOC_URL}\n`;
  io.stdout.write(out);
  return undefined;
}
