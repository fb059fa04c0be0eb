/**
 * The model profiles, for `--profile` and the config's `profile`: a literal list keeps the
 * parser out of the eager import (profile-flag.test.ts keeps it equal to the parser's PROFILE_NAMES).
 */
export const PROFILE_CHOICES = ["chatml", "qwen1.5", "qwen2", "qwen2.5", "qwen3", "hermes", "phi-4"] as const;

export type ProfileChoice = (typeof PROFILE_CHOICES)[number];
