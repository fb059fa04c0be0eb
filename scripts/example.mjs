// The main job until the `chatml` CLI exists: compile a bundled messages file to ChatML,
// print it, then read it back and show what the parser found.
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { compile, parse } from "@chatmlkit/parser";

const root = resolve(import.meta.dirname, "..");
const file = join(root, process.argv[2] ?? "fixtures/compile/few-shot-names/messages.json");
const messages = JSON.parse(readFileSync(file, "utf8"));

const transcript = compile(messages);
console.log(`# ${relative(root, file)} compiled to ChatML:\n`);
process.stdout.write(transcript);

const doc = parse(transcript);
console.log(
  `\n# parsed back: ${doc.messages.length} messages, dialect ${doc.dialect}, ` +
    `generation prompt: ${doc.addGenerationPrompt}, diagnostics: ${doc.diagnostics.length}`,
);
for (const m of doc.messages) {
  const who = m.name ? `${m.role} (${m.name})` : m.role;
  console.log(`  ${who.padEnd(28)} ${JSON.stringify(m.content).slice(0, 60)}`);
}
