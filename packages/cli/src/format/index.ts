// Every report format lint writes, and the reporter of each: one place for `--format`'s choices.
import type { Io } from "../io.js";
import type { FormatReporter, Write } from "./report.js";

/** `--format`'s choices: stylish for people, the others for programs and CI systems. */
export const FORMATS = ["stylish", "json", "sarif", "github", "gitlab", "junit"] as const;
export type FormatName = (typeof FORMATS)[number];

/** Formats that need the text of a problem's line back from the workers: code frames, fingerprints. */
export const needsLineText = (format: FormatName): boolean =>
  format === "stylish" || format === "sarif" || format === "gitlab";

/** What choosing a reporter needs beyond the format's name. */
export interface FormatOptions {
  readonly io: Io;
  readonly maxProblems: number;
  /** Colours for stylish: on a terminal unless NO_COLOR, or as --color says. */
  readonly color: boolean;
  readonly version: string;
  /** --quiet: errors only are reported. */
  readonly quiet?: boolean;
}

/**
 * The reporter of `format`, writing to `write`. Formats read by CI name files
 * relative to the repository root (see repoRoot); github opens
 * GITHUB_STEP_SUMMARY here, before lint starts, so a summary that cannot be
 * written is a usage error before any work is done.
 */
export async function formatReporter(
  format: FormatName,
  write: Write,
  options: FormatOptions,
): Promise<FormatReporter> {
  const { io } = options;
  const paths = async () => {
    const { repoRoot } = await import("./paths.js");
    return { cwd: io.cwd, root: repoRoot(io.cwd, io.env) };
  };
  switch (format) {
    case "json":
      return (await import("./json.js")).jsonReporter(write, io.cwd);
    case "github": {
      const { githubReporter } = await import("./github.js");
      const { blobBase, openStepSummary } = await import("./github-summary.js");
      const summaryPath = io.env.GITHUB_STEP_SUMMARY;
      const blob = blobBase(io.env);
      return githubReporter(write, {
        maxProblems: options.maxProblems,
        paths: await paths(),
        ...(summaryPath ? { summary: openStepSummary(summaryPath, io.cwd) } : {}),
        ...(blob && { blob }),
      });
    }
    case "sarif": {
      const { RULES } = await import("@chatmlkit/validator/rules");
      return (await import("./sarif.js")).sarifReporter(write, RULES, await paths(), options.version);
    }
    case "gitlab":
      return (await import("./gitlab.js")).gitlabReporter(write, await paths());
    case "junit":
      return (await import("./junit.js")).junitReporter(write, await paths());
    case "stylish":
      return (await import("./stylish.js")).stylishReporter(write, {
        color: options.color,
        maxProblems: options.maxProblems,
        quiet: options.quiet === true,
      });
  }
}
