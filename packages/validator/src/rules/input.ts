// The input problems: files `chatml lint` cannot read as what they claim to be (the CLI
// raises them: packages/cli/src/lint/lint-file.ts and run.ts). Declared here, with every other
// rule, so that one registry lists every id; validate never reports them.
import { defineRule, json } from "./define.js";

export const INPUT_RULES = [
  defineRule("invalid-json", "error", "lint", {
    category: "input",
    summary: "A JSON file that is not valid JSON (or repeats a key in one object, or nests too deep).",
    rationale:
      "What cannot be read cannot be checked; a repeated key is read differently by different parsers, so a reviewer and the API can see different content.",
    fails: json('[{ "role": "user" "content": "Hi" }]'),
    passes: json('[{ "role": "user", "content": "Hi" }]'),
  }),
  defineRule("invalid-encoding", "error", "lint", {
    category: "input",
    summary: "A file that is not UTF-8.",
    rationale:
      "Bytes that are not UTF-8 are replaced or refused on the way to the model: what is checked is not what is sent. Save the file as UTF-8.",
    fails: { ...json('[{ "role": "user", "content": "Café" }]'), encoding: "latin1" },
    passes: json('[{ "role": "user", "content": "Café" }]'),
  }),
  defineRule("unreadable-file", "error", "lint", {
    category: "input",
    summary:
      "A file lint could not read: permission denied, gone since the folder walk, an I/O error, or a dataset line over --max-file-size.",
    rationale:
      "A file that was not read was not checked. The other files are still linted, and the run exits 2 whatever the rule levels say: a CI run that could not check a file must not pass.",
  }),
] as const;
