// Reads the code blocks of a README and turns a ```ts / ```js block into a script that checks
// what its comments say (the rules are in readme-examples.test.ts, which runs them).
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

/** A fenced code block of a Markdown file. */
export interface ReadmeBlock {
  /** The README, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's language: `ts`, `sh`, `json`, or "" for none. */
  readonly lang: string;
  readonly code: string;
  /** The reason of a `<!-- not run: reason -->` line right before the fence. */
  readonly notRun?: string;
}

const FENCE = /^```(\w*)\s*$/;
const NOT_RUN = /^<!--\s*not run:\s*(.*?)\s*-->$/;

/** Every fenced block of `markdown`, with its fence's line. */
export function readmeBlocks(file: string, markdown: string): ReadmeBlock[] {
  const lines = markdown.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.trimEnd() === "```");
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block that is never closed`);
    const notRun = NOT_RUN.exec(lines[i - 1]?.trim() ?? "")?.[1];
    blocks.push({
      file,
      line: i + 1,
      lang: open[1] ?? "",
      code: lines.slice(i + 1, end).join("\n"),
      ...(notRun === undefined ? {} : { notRun }),
    });
    i = end;
  }
  return blocks;
}

/** What a comment after an expression statement says about it. */
export type Claim =
  | { readonly kind: "value"; readonly literal: string }
  | { readonly kind: "throws"; readonly name: string }
  | { readonly kind: "prose" };

/**
 * Reads a comment's text: a JS literal (alone, or followed by `:` and words) is the value,
 * `throws Name` (then anything) an error of that name; anything else is prose.
 */
export function claimOf(comment: string): Claim {
  const thrown = /^throws (\w+)/.exec(comment);
  if (thrown?.[1]) return { kind: "throws", name: thrown[1] };
  // The whole comment, or what comes before a `:` that starts words (`1: no tokenizer`; not `1:15`).
  const candidates = [comment, ...[...comment.matchAll(/:(?=\s)/g)].map((m) => comment.slice(0, m.index))];
  // `...` marks a value shown in part.
  const literal = candidates.find((c) => !c.includes("...") && isLiteral(c));
  return literal === undefined ? { kind: "prose" } : { kind: "value", literal };
}

/** Whether `text` is one literal: number, string, boolean, null, undefined, or arrays and objects of them. */
export function isLiteral(text: string): boolean {
  const file = ts.createSourceFile("value.ts", `(${text}\n)`, ts.ScriptTarget.ES2022, true);
  const [statement, ...rest] = file.statements;
  // A syntax error still yields a tree (parseDiagnostics, internal, says whether there was one).
  const errors = (file as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics;
  if (errors.length > 0 || rest.length > 0 || !statement || !ts.isExpressionStatement(statement))
    return false;
  const expression = statement.expression;
  return ts.isParenthesizedExpression(expression) && isLiteralNode(expression.expression);
}

function isLiteralNode(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(node)) return node.text === "undefined";
  if (ts.isPrefixUnaryExpression(node)) {
    return node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand);
  }
  if (ts.isArrayLiteralExpression(node)) {
    return node.elements.every((e) => !ts.isOmittedExpression(e) && isLiteralNode(e));
  }
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (p) =>
        ts.isPropertyAssignment(p) &&
        (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)) &&
        isLiteralNode(p.initializer),
    );
  }
  return false;
}

/** An expression statement of a block with the claim its comment makes. */
export interface ClaimSite {
  /** 1-based README line of the statement's end. */
  readonly line: number;
  readonly expression: string;
  readonly claim: Claim;
}

/**
 * The block as a module whose line N is the README's line N (so errors and source maps point
 * into the README), each claim of a value or a throw turned into a check; the checks' helpers
 * come last (function declarations and imports are hoisted).
 */
export function scriptOf(block: ReadmeBlock, readmePath: string): { script: string; sites: ClaimSite[] } {
  const source = "\n".repeat(block.line) + block.code;
  const file = ts.createSourceFile(readmePath, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const sites: { node: ts.ExpressionStatement; site: ClaimSite }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const comment = commentAfter(source, file, node);
      if (comment !== undefined) {
        const line = file.getLineAndCharacterOfPosition(node.end).line + 1;
        sites.push({
          node,
          site: { line, expression: node.expression.getText(file), claim: claimOf(comment) },
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let script = source;
  // From the last to the first, so earlier offsets stay valid.
  for (const { node, site } of [...sites].reverse()) {
    const check = checkFor(site, node.expression.getText(file), containsAwait(node.expression), block);
    if (check !== undefined) script = script.slice(0, node.getStart(file)) + check + script.slice(node.end);
  }
  const output = ts.transpileModule(`${script}\n${HELPERS}`, {
    fileName: readmePath,
    compilerOptions: {
      // The map's source is named by the file's base name: say which folder it is in.
      sourceRoot: pathToFileURL(dirname(readmePath)).href,
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      verbatimModuleSyntax: true,
    },
  });
  return { script: output.outputText, sites: sites.map((s) => s.site) };
}

function checkFor(
  site: ClaimSite,
  expression: string,
  awaits: boolean,
  block: ReadmeBlock,
): string | undefined {
  const where = JSON.stringify(`${block.file}:${site.line}`);
  const shown = JSON.stringify(site.expression.replace(/\s+/g, " "));
  if (site.claim.kind === "value") {
    // Newlines of a value written over several comment lines would move the lines after it.
    const value = site.claim.literal.replace(/\n/g, " ");
    return `__readmeExpect(${expression}, (${value}), ${where}, ${shown});`;
  }
  if (site.claim.kind === "throws") {
    const call = `__readmeThrows(${awaits ? "async " : ""}() => (${expression}), ${JSON.stringify(site.claim.name)}, ${where}, ${shown})`;
    return `${awaits ? "await " : ""}${call};`;
  }
  return undefined;
}

/** The `//` comment lines that start on the statement's last line, or the line after it, joined. */
function commentAfter(source: string, file: ts.SourceFile, node: ts.Node): string | undefined {
  // A comment on the same line is "trailing" to TypeScript, and those below it "leading".
  const ranges = [
    ...(ts.getTrailingCommentRanges(source, node.end) ?? []),
    ...(ts.getLeadingCommentRanges(source, node.end) ?? []),
  ];
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line;
  let expected = lineOf(node.end);
  const texts: string[] = [];
  for (const range of ranges) {
    if (range.kind !== ts.SyntaxKind.SingleLineCommentTrivia) break;
    const line = lineOf(range.pos);
    // The comment on the statement's own line, or else the run of comment lines right below it.
    if (line !== expected && !(texts.length === 0 && line === expected + 1)) break;
    texts.push(source.slice(range.pos + 2, range.end).trim());
    expected = line + 1;
  }
  return texts.length === 0 ? undefined : texts.join("\n");
}

function containsAwait(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, containsAwait) ?? false;
}

// The checks: a mismatch is printed as `file:line: ...` and fails the run; the block goes on.
const HELPERS = `
import { inspect as __readmeInspect, isDeepStrictEqual as __readmeEqual } from "node:util";
function __readmeShow(value) {
  return __readmeInspect(value, { depth: 8, breakLength: Infinity });
}
function __readmeFail(where, text) {
  console.error(\`\${where}: \${text}\`);
  process.exitCode = 1;
}
function __readmeExpect(actual, expected, where, shown) {
  if (!__readmeEqual(actual, expected))
    __readmeFail(where, \`\${shown} is \${__readmeShow(actual)}; the README says \${__readmeShow(expected)}\`);
}
function __readmeThrows(run, name, where, shown) {
  const caught = (error) => {
    if (error?.name !== name) __readmeFail(where, \`\${shown} threw \${__readmeShow(error)}; the README says \${name}\`);
  };
  const missed = () => __readmeFail(where, \`\${shown} did not throw; the README says it throws \${name}\`);
  try {
    const result = run();
    if (result instanceof Promise) return result.then(missed, caught);
  } catch (error) {
    return caught(error);
  }
  return missed();
}
`;

/**
 * Type errors of the blocks, as a reader's `tsc --strict` would report them, against the
 * packages' published types (each block is a module beside its README, in the repository).
 * Keyed by block; each error is `file:line: message`, the README's line.
 */
export function typeErrors(blocks: readonly ReadmeBlock[], root: string): Map<ReadmeBlock, string[]> {
  const files = new Map<string, ReadmeBlock>(blocks.map((b) => [`${root}/${b.file}.${b.line}.mts`, b]));
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  const text = (name: string) => {
    const block = files.get(name);
    return block && "\n".repeat(block.line) + block.code;
  };
  host.getCurrentDirectory = () => root;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => text(name) ?? readFile(name);
  host.getSourceFile = (name, version, ...rest) => {
    const source = text(name);
    return source === undefined
      ? getSourceFile(name, version, ...rest)
      : ts.createSourceFile(name, source, version, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const errors = new Map<ReadmeBlock, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const block = d.file && files.get(d.file.fileName);
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!block || !d.file || d.start === undefined) {
      throw new Error(`type-checking the README blocks: ${message}`);
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    errors.set(block, [...(errors.get(block) ?? []), `${block.file}:${line}: ${message}`]);
  }
  return errors;
}

/** A `chatml` command of a shell block. */
export interface ShellCommand {
  /** 1-based README line. */
  readonly line: number;
  /** The arguments after `chatml`. */
  readonly args: string[];
  /** From an `exit N` / `exits N` in the line's comment; else 0. */
  readonly exit: number;
}

/** The file-taking commands; their first argument names the file. */
const FILE_COMMANDS = new Set(["compile", "parse", "count", "fit", "lint"]);

/**
 * The `chatml` commands of a shell block, or why it is not run: a command that is not
 * `chatml` (or `pnpm exec chatml`), a shell operator, or a file that is not in the repository.
 */
export function shellCommands(
  block: ReadmeBlock,
  exists: (path: string) => boolean,
): { commands: ShellCommand[] } | { notRun: string } {
  const commands: ShellCommand[] = [];
  const lines = block.code.split("\n");
  for (const [i, text] of lines.entries()) {
    // A console block shows output too: its commands are the lines after a `$ ` prompt.
    if (block.lang === "console" && !/^\s*\$ /.test(text)) continue;
    const { words, comment } = shellWords(text.replace(/^\s*\$ /, ""));
    if (words.length === 0) continue;
    const start = words[0] === "chatml" ? 1 : words.slice(0, 3).join(" ") === "pnpm exec chatml" ? 3 : -1;
    if (start < 0) return { notRun: `\`${words.join(" ")}\` is not a chatml command` };
    const args = words.slice(start);
    const operator = args.find((w) => /^(\||\|\||&&|;|>|>>|<)$/.test(w));
    if (operator) return { notRun: `line ${block.line + 1 + i} uses the shell (${operator})` };
    const file = FILE_COMMANDS.has(args[0] ?? "") ? args[1] : undefined;
    if (file !== undefined && !exists(file)) return { notRun: `${file} is the reader's own file` };
    const exit = Number(/\bexits? (\d+)/.exec(comment)?.[1] ?? 0);
    commands.push({ line: block.line + 1 + i, args, exit });
  }
  return { commands };
}

/** Splits a shell line into words (quotes '...' and "..." kept whole) and its `#` comment. */
function shellWords(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  const word = /\s*(?:'([^']*)'|"([^"]*)"|(#.*)|(\S+))/gy;
  for (let m = word.exec(line); m; m = word.exec(line)) {
    if (m[3] !== undefined) return { words, comment: m[3] };
    words.push(m[1] ?? m[2] ?? m[4] ?? "");
  }
  return { words, comment: "" };
}
