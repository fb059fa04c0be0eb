// Deterministic benchmark corpus: a long conversation of mixed prose, code and CJK.

/** Small fast PRNG (mulberry32) so every run benchmarks the same bytes. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROSE =
  "The quick brown fox jumps over the lazy dog while the committee debates the budget for next year. " +
  "Please summarise the attached report, keeping the figures and the names of the people involved. ";
const CODE =
  "```ts\nexport function add(a: number, b: number): number {\n  return a + b; // <| not a token |>\n}\n```\n";
const CJK = "東京の天気は晴れです。明日は雨が降るかもしれません。请用中文回答这个问题。";

/** `count` messages alternating user/assistant after one system message. */
export function conversation(count, seed = 42) {
  const next = rng(seed);
  const messages = [{ role: "system", content: "You are a careful assistant. Answer briefly." }];
  for (let i = 1; i < count; i++) {
    const parts = [];
    const pieces = 1 + Math.floor(next() * 5);
    for (let p = 0; p < pieces; p++) {
      const r = next();
      parts.push(r < 0.6 ? PROSE : r < 0.85 ? CODE : CJK);
    }
    messages.push({ role: i % 2 === 1 ? "user" : "assistant", content: parts.join("\n") });
  }
  return messages;
}
