import { digest, Fingerprints } from "./fingerprint.js";
import { type PathContext, reportFile } from "./paths.js";
import type { FormatReporter, Write } from "./report.js";

/** One issue of a GitLab Code Quality report: the members GitLab documents as required. */
export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  /** Unique per issue, and the same for the same problem in every pipeline (it is how GitLab matches them). */
  readonly fingerprint: string;
  readonly severity: "info" | "minor" | "major" | "critical" | "blocker";
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/**
 * A GitLab Code Quality report (`artifacts:reports:codequality`): a JSON
 * array with one issue per problem, every problem (no cap: it is read by
 * GitLab), paths relative to the repository root (CI_PROJECT_DIR in GitLab
 * CI), errors `major` and warnings `minor`. Fingerprints survive lines added
 * above a problem (see Fingerprints). Written as lint goes, one issue a line.
 */
export function gitlabReporter(write: Write, paths: PathContext): FormatReporter {
  const fingerprints = new Fingerprints();
  let written = 0;
  return {
    add(part) {
      const path = reportFile(part.filePath, paths).path;
      let out = "";
      for (const m of part.messages) {
        const issue: CodeQualityIssue = {
          description: m.message,
          check_name: m.ruleId,
          // a hash of the fingerprint (hash and occurrence): one opaque hex string, as GitLab's examples have
          fingerprint: digest(fingerprints.of(path, part, m)).slice(0, 32),
          severity: m.severity === 2 ? "major" : "minor",
          location: { path, lines: { begin: m.line } },
        };
        out += `${written === 0 ? "[\n" : ",\n"}${JSON.stringify(issue)}`;
        written++;
      }
      write(out);
    },
    endFile() {
      fingerprints.endFile();
    },
    end() {
      write(written === 0 ? "[]\n" : "\n]\n");
    },
  };
}
