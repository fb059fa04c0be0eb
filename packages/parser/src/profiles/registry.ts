import { CHATML } from "./chatml.js";
import { HERMES } from "./hermes.js";
import { PHI_4 } from "./phi-4.js";
import { QWEN1_5, QWEN2 } from "./qwen2.js";
import { QWEN2_5 } from "./qwen2-5.js";
import { QWEN3 } from "./qwen3.js";
import type { Profile, ProfileInfo, ProfileName } from "./types.js";

const REGISTRY: Readonly<Record<ProfileName, Profile>> = {
  chatml: CHATML,
  "qwen1.5": QWEN1_5,
  qwen2: QWEN2,
  "qwen2.5": QWEN2_5,
  qwen3: QWEN3,
  hermes: HERMES,
  "phi-4": PHI_4,
};

/** Every profile's name, `chatml` (the default) first. */
export const PROFILE_NAMES: readonly ProfileName[] = Object.freeze(Object.keys(REGISTRY) as ProfileName[]);

/** The profile of that name, or undefined. */
export function profileFor(name: string): Profile | undefined {
  return Object.hasOwn(REGISTRY, name) ? REGISTRY[name as ProfileName] : undefined;
}

/**
 * What a profile writes, as plain data: dialect, default system message,
 * tools, reasoning and where its format comes from.
 *
 * @example
 * profileInfo("qwen2.5")?.defaultSystemPrompt;
 * // "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
 */
export function profileInfo(name: string): ProfileInfo | undefined {
  const profile = profileFor(name);
  if (profile === undefined) return undefined;
  const { check: _check, write: _write, read: _read, ...info } = profile;
  return info;
}
