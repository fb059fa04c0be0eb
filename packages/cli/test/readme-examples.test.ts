// The READMEs' examples, run as a reader would run them, against the built packages
// (`pnpm run build` first; `pnpm test` does). A failure names the README and the line.
//
// ```ts / ```js blocks of README.md and packages/{parser,validator,cli}/README.md:
// - are type-checked (`strict`) against the packages' published types, and run as ES modules
//   by `node` from the repository root, so `@chatmlkit/parser` and the others resolve to the
//   built packages. Each block stands alone: what it uses, it defines.
// - A comment after an expression statement (on its line, or else the comment lines right
//   below it) states the expression's value when it is a JS literal: a number, string,
//   boolean, null, undefined, or an array or object of those, alone or followed by `:` and
//   words (`doc.dialect; // "chatml"`, `result.errorCount; // 2: the two tokens`). The value
//   must be deep-equal to it (node's isDeepStrictEqual). `// throws Name ...` states that it
//   throws an error whose `name` is Name. Any other comment is prose and checks nothing: words,
//   or a value shown in part with `...` (`// { code: "special-token", ... }`).
//
// ```sh / ```console blocks (in a console block, the lines starting with `$ `):
// - run with the built CLI, in a scratch folder holding the bundled examples at their
//   repository paths, when every command is `chatml` (or `pnpm exec chatml`), without pipes
//   or redirections, and a file-taking command's file (its first argument) is in the
//   repository. Each must exit 0, or N when its comment says `exit N` / `exits N`.
// - Others (installing, set-up, commands on files of the reader's own such as messages.json)
//   are reported as skipped tests that say why.
//
// A block that must not run says so in the README, on the line right before its fence:
// `<!-- not run: reason -->`.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyBundle } from "./bundle.js";
import {
  claimOf,
  type ReadmeBlock,
  readmeBlocks,
  scriptOf,
  shellCommands,
  typeErrors,
} from "./readme-blocks.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const READMES = [
  "README.md",
  "packages/parser/README.md",
  "packages/validator/README.md",
  "packages/cli/README.md",
];
const blocks = READMES.flatMap((file) => readmeBlocks(file, readFileSync(join(ROOT, file), "utf8")));

const work = mkdtempSync(join(tmpdir(), "chatml-readme-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const isCode = (b: ReadmeBlock) => b.lang === "ts" || b.lang === "js";
const label = (b: ReadmeBlock) => `${b.file}:${b.line} (${b.lang})`;

describe("what a README comment states", () => {
  it("a literal, alone or before `:` and words, is a value", () => {
    expect(claimOf('"chatml"')).toEqual({ kind: "value", literal: '"chatml"' });
    expect(claimOf("true: ends with an open header")).toEqual({ kind: "value", literal: "true" });
    expect(claimOf('{ role: "user",\n  span: { start: 0 } }')).toEqual({
      kind: "value",
      literal: '{ role: "user",\n  span: { start: 0 } }',
    });
    expect(claimOf("[27, 91]: the content, never 100265")).toEqual({ kind: "value", literal: "[27, 91]" });
  });
  it("words, positions and values shown in part are prose", () => {
    for (const prose of [
      "always, for any input",
      "1:15: U+0001 inside a message header",
      '{ code: "special-token", ... }',
      '"even the system messages need 4022 prompt tokens, over ..."',
      "total; chat.messages[i].tokens per message",
    ]) {
      expect(claimOf(prose), prose).toEqual({ kind: "prose" });
    }
  });
  it("`throws Name` states an error", () => {
    expect(claimOf("throws ChatMLCompileError: $[0].content ...")).toEqual({
      kind: "throws",
      name: "ChatMLCompileError",
    });
  });
  it("shell blocks: chatml commands on files in the repository, exit codes from comments", () => {
    const block = (lang: string, code: string) => ({ file: "R.md", line: 1, lang, code });
    const exists = (path: string) => path.startsWith("packages/");
    expect(
      shellCommands(
        block("console", "$ chatml lint packages/x  # exits 1: an injection\nR.md:1:1 ..."),
        exists,
      ),
    ).toEqual({ commands: [{ line: 2, args: ["lint", "packages/x"], exit: 1 }] });
    expect(shellCommands(block("sh", "pnpm exec chatml rules 'special-token'"), exists)).toEqual({
      commands: [{ line: 2, args: ["rules", "special-token"], exit: 0 }],
    });
    expect(shellCommands(block("sh", "chatml compile messages.json"), exists)).toEqual({
      notRun: "messages.json is the reader's own file",
    });
    expect(shellCommands(block("sh", "chatml parse packages/p | chatml compile"), exists)).toEqual({
      notRun: "line 2 uses the shell (|)",
    });
    expect(shellCommands(block("sh", "npm install @chatmlkit/parser"), exists)).toEqual({
      notRun: "`npm install @chatmlkit/parser` is not a chatml command",
    });
  });
});

describe("README code blocks", () => {
  let types: Map<ReadmeBlock, string[]> | undefined;
  const typesOf = (block: ReadmeBlock) => {
    types ??= typeErrors(
      blocks.filter((b) => isCode(b) && b.notRun === undefined),
      ROOT,
    );
    return types.get(block) ?? [];
  };
  for (const block of blocks.filter(isCode)) {
    if (block.notRun !== undefined) {
      it.skip(`${label(block)}: not run: ${block.notRun}`, () => {});
      continue;
    }
    it(`${label(block)} type-checks`, () => {
      const errors = typesOf(block);
      if (errors.length > 0) throw new Error(errors.join("\n"));
    });
    it(`${label(block)} runs and its values hold`, () => {
      const { script } = scriptOf(block, join(ROOT, block.file));
      const run = spawnSync(process.execPath, ["--enable-source-maps", "--input-type=module"], {
        cwd: ROOT,
        input: script,
        encoding: "utf8",
        timeout: 60_000,
      });
      if (run.status !== 0) {
        throw new Error(`${block.file}:${block.line}: the block failed (exit ${run.status})\n${run.stderr}`);
      }
    });
  }
});

describe("README shell blocks", () => {
  const cli = join(work, "cli");
  beforeAll(() => {
    copyBundle(cli);
    // The bundled examples, at their repository paths; written to, if at all, only here.
    cpSync(join(ROOT, "packages/cli/examples"), join(work, "packages/cli/examples"), { recursive: true });
  });
  for (const block of blocks.filter((b) => b.lang === "sh" || b.lang === "console")) {
    const parsed = shellCommands(block, (path) => existsSync(join(ROOT, path)));
    const reason = block.notRun ?? ("notRun" in parsed ? parsed.notRun : undefined);
    if (reason !== undefined || !("commands" in parsed)) {
      it.skip(`${label(block)}: not run: ${reason}`, () => {});
      continue;
    }
    it(`${label(block)} exits as the README says`, () => {
      const wrong = parsed.commands.flatMap((command) => {
        const run = spawnSync(process.execPath, [join(cli, "chatml.mjs"), ...command.args], {
          cwd: work,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
          timeout: 60_000,
        });
        if (run.status === command.exit) return [];
        const said = `chatml ${command.args.join(" ")} exited ${run.status}; the README says ${command.exit}`;
        return [`${block.file}:${command.line}: ${said}\n${run.stderr}`];
      });
      if (wrong.length > 0) throw new Error(wrong.join("\n"));
    });
  }
});
