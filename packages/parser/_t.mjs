import { compile, parse } from "@chatmlkit/parser";
import { conversation } from "../../bench/corpus.mjs";

const messages = conversation(20000);
const transcript = compile(messages, { addGenerationPrompt: false });
const json = JSON.stringify(messages);
function t(f) {
  const xs = [];
  for (let i = 0; i < 25; i++) {
    const s = performance.now();
    f();
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  return xs[12];
}
for (let r = 0; r < 3; r++) {
  const a = t(() => parse(transcript)),
    b = t(() => JSON.parse(json));
  console.log("parse", a.toFixed(1), "JSON.parse", b.toFixed(1), "ratio", (b / a).toFixed(2));
}
console.log(parse(transcript).messages.length);
