// chatmlkit's ids against the tiktoken package (OpenAI's Rust core as WASM) over generated text
// of every Unicode class (scripts/crosscheck-text.mjs): the fixed-seed slice of
// `node scripts/crosscheck-tiktoken.mjs --count 1000000`, which the README's Guarantees report.
import { get_encoding } from "tiktoken";
import { describe, expect, it } from "vitest";
import { codePoints, crosscheck } from "../../../scripts/crosscheck-text.mjs";
import { cases } from "../../../scripts/under-mutation.js";
import { loadTokenizer } from "../src/index.js";
import type { EncodingName } from "../src/models.js";

const COUNT = Number(process.env.CROSSCHECK_COUNT ?? cases(3000));
const SEED = Number(process.env.CROSSCHECK_SEED ?? 15);

describe.each<EncodingName>(["cl100k_base", "o200k_base"])("ids equal tiktoken's (%s)", (encoding) => {
  it(`on ${COUNT} generated strings (seed ${SEED})`, async () => {
    const wasm = get_encoding(encoding);
    try {
      const result = crosscheck(await loadTokenizer(encoding), (text) => wasm.encode_ordinary(text), {
        count: COUNT,
        seed: SEED,
        keep: 3,
      });
      const shown = result.divergent.map((d) => `${JSON.stringify(d.text)} (${codePoints(d.text)})`);
      expect(result.diverged, `divergent: ${shown.join("; ")}`).toBe(0);
      expect(result.countMismatches).toBe(0);
      expect(result.checked).toBe(COUNT);
    } finally {
      wasm.free();
    }
  });
});
