// Types of crosscheck-text.mjs, for packages/validator/test/tiktoken-crosscheck.test.ts.
export function random(seed: number): () => number;
export function generateTexts(count: number, seed: number): Generator<string>;
export function codePoints(text: string): string;
export interface Divergence {
  text: string;
  ours: number[];
  tiktoken: number[];
}
export function crosscheck(
  ours: { encodeText(text: string): number[]; countText(text: string): number },
  reference: (text: string) => ArrayLike<number>,
  options: { count: number; seed: number; keep?: number },
): { checked: number; diverged: number; countMismatches: number; divergent: Divergence[] };
