// `chatml lint --print-config FILE`: the settings lint would use for FILE, as plain data.
import { relative } from "node:path";
import type { RuleId, RuleSeverity } from "@chatmlkit/validator/rules";
import type { Config } from "./config.js";
import { type InputKind, kindOfInput } from "./input/kind.js";
import { lintSettings } from "./lint/settings.js";

/** What lint uses for one file: its kind, the config it came from, every setting and every rule's level. */
export interface EffectiveConfig {
  readonly file: string;
  /** The config file, from the working directory; null when there is none. */
  readonly configFile: string | null;
  readonly kind: InputKind;
  /** The config's settings with the flags applied and lint's defaults filled in. */
  readonly settings: Omit<Config, "rules" | "ignore" | "files"> & {
    readonly dialect: NonNullable<Config["dialect"]>;
    readonly maxExampleTokens: number;
  };
  readonly ignore: readonly string[];
  readonly files: readonly string[] | null;
  /** Every rule's level: as configured (flags included), else its default. */
  readonly rules: Readonly<Record<RuleId, RuleSeverity>>;
}

/**
 * The effective settings for `file`, from `config` (loaded, with the flags already merged in,
 * as lint merges them), the `--kind` given and, for `-`, `--stdin-filename`.
 *
 * @example
 * (await effectiveConfig("/repo", "a.chatml", { model: "gpt-4o" }, undefined, undefined)).rules["special-token"];
 * // "error"
 */
export async function effectiveConfig(
  cwd: string,
  file: string,
  config: Config,
  configFile: string | undefined,
  kind: string | undefined,
  stdinName?: string,
): Promise<EffectiveConfig> {
  const { RULES, levelOf } = await import("@chatmlkit/validator/rules");
  const { rules, ignore, files, ...rest } = config;
  const rulesOut = Object.fromEntries(RULES.map((r) => [r.id, levelOf(r.id, rules)])) as Record<
    RuleId,
    RuleSeverity
  >;
  return {
    file,
    configFile: configFile === undefined ? null : relative(cwd, configFile) || configFile,
    kind: kindOfInput(file, stdinName, kind),
    settings: {
      ...rest,
      dialect: config.dialect ?? "auto",
      maxExampleTokens: lintSettings(config).maxExampleTokens,
    },
    ignore: ignore ?? [],
    files: files ?? null,
    rules: rulesOut,
  };
}

/** effectiveConfig as the JSON `--print-config` prints. */
export async function printConfig(...args: Parameters<typeof effectiveConfig>): Promise<string> {
  return `${JSON.stringify(await effectiveConfig(...args), null, 2)}\n`;
}
