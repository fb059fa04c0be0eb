import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type FixtureCase,
  fixtureCase,
  fixtureCases,
  GOLDEN_GROUPS,
  goldenGroupOf,
  ROOT,
  UPDATE,
} from "../../../scripts/fixtures.js";
import {
  ChatMLCompileError,
  type CompileIssue,
  type CompileOptions,
  compile,
  type Diagnostic,
  type ParseOptions,
  parse,
  readChatInput,
  source,
} from "../src/index.js";

// Each case states by hand, in expects.json, what it must produce: `pnpm generate` rewrites the
// golden snapshots (expected.json, expected-error.json) but never expects.json, so a regression
// that changes a code or an offset fails instead of being re-blessed.
const EXPECTS = "expects.json";

/** One diagnostic a case must report; `text` is what its offsets cover, to catch a miscounted offset. */
interface StatedDiagnostic {
  code: string;
  severity: "error" | "warning" | "info";
  start: number;
  end: number;
  text: string;
}

/** fixtures/parse/<kind>/<case>/expects.json. */
interface ParseExpects {
  /** One sentence: what is wrong with the input (invalid) or what valid shape it shows (valid). */
  why: string;
  /** Every diagnostic, in order; [] for a valid case. */
  diagnostics: StatedDiagnostic[];
}

/** One issue a refused compile input must report; `offset` when the issue has one. */
interface StatedIssue {
  code: string;
  path: string;
  offset?: number;
}

/** fixtures/compile/error-<case>/expects.json. */
interface CompileExpects {
  /** One sentence: what is wrong with the messages or options. */
  why: string;
  /** Every issue, in order. */
  issues: StatedIssue[];
}

type Kind = "valid" | "invalid";

/** Reads a parse case's expects.json, refusing one missing or one that states nothing. */
function parseExpects(fixture: FixtureCase, kind: Kind): ParseExpects {
  const expects = fixture.handWritten<ParseExpects>(
    EXPECTS,
    kind === "invalid"
      ? 'why the input is wrong and every diagnostic it must get: { "why", "diagnostics": [{ "code", "severity", "start", "end", "text" }] }'
      : 'what valid shape it shows: { "why", "diagnostics": [] }',
  );
  const where = `fixture ${fixture.name}/${EXPECTS}`;
  if (typeof expects.why !== "string" || expects.why.trim() === "") {
    throw new Error(`${where} has no "why": say in one sentence what the case shows`);
  }
  if (!Array.isArray(expects.diagnostics)) throw new Error(`${where} has no "diagnostics" array`);
  if (kind === "invalid" && expects.diagnostics.length === 0) {
    throw new Error(`${where} states no diagnostic, but an invalid case must be diagnosed`);
  }
  if (kind === "valid" && expects.diagnostics.length > 0) {
    throw new Error(`${where} states diagnostics, but a valid case has none (move it to parse/invalid)`);
  }
  return expects;
}

function compileExpects(fixture: FixtureCase): CompileExpects {
  const expects = fixture.handWritten<CompileExpects>(
    EXPECTS,
    'why the input is refused and every issue: { "why", "issues": [{ "code", "path", "offset"? }] }',
  );
  const where = `fixture ${fixture.name}/${EXPECTS}`;
  if (typeof expects.why !== "string" || expects.why.trim() === "") throw new Error(`${where} has no "why"`);
  if (!Array.isArray(expects.issues) || expects.issues.length === 0) {
    throw new Error(`${where} states no issue, but an error case must be refused`);
  }
  return expects;
}

/** Reads expectations at collection time for the test's name; a bad file becomes that test's failure. */
function attempt<T>(read: () => T): { value?: T; error?: unknown } {
  try {
    return { value: read() };
  } catch (error) {
    return { error };
  }
}

function listDiagnostics(list: readonly StatedDiagnostic[]): string {
  if (list.length === 0) return "reports no diagnostics";
  const one = (d: StatedDiagnostic) =>
    `${d.code}${d.severity === "error" ? "" : ` (${d.severity})`} at ${d.start}-${d.end}`;
  return `reports exactly ${list.map(one).join(", ")}`;
}

function listIssues(list: readonly StatedIssue[]): string {
  const one = (i: StatedIssue) =>
    `${i.code} at ${i.path}${i.offset === undefined ? "" : ` offset ${i.offset}`}`;
  return `refused with exactly ${list.map(one).join(", ")}`;
}

const pickDiagnostic = (d: Pick<Diagnostic, "code" | "severity" | "start" | "end">) => ({
  code: d.code,
  severity: d.severity,
  start: d.start,
  end: d.end,
});

/** The parser's diagnostics equal the stated ones, in order; every message names the fixture. */
function assertReports(
  fixture: FixtureCase,
  input: string,
  expects: ParseExpects,
  diagnostics: readonly Diagnostic[],
): void {
  expects.diagnostics.forEach((d, i) => {
    const covered = input.slice(d.start, d.end);
    expect(
      covered,
      `fixture ${fixture.name}/${EXPECTS}: diagnostic ${i + 1} (${d.code}) at ${d.start}-${d.end} covers ${JSON.stringify(covered)}, not its stated text (the expectation is miscounted)`,
    ).toBe(d.text);
  });
  expect(
    diagnostics.map(pickDiagnostic),
    `fixture ${fixture.name}: the parser's diagnostics (code, severity, start, end) differ from ${EXPECTS}, which is hand-written: fix the parser, or the expectation if it was wrong`,
  ).toEqual(expects.diagnostics.map(pickDiagnostic));
}

function assertIssues(fixture: FixtureCase, expects: CompileExpects, issues: readonly CompileIssue[]): void {
  const pick = (i: { code: string; path: string; offset?: number | undefined }): StatedIssue => ({
    code: i.code,
    path: i.path,
    ...(i.offset !== undefined && { offset: i.offset }),
  });
  expect(
    issues.map(pick),
    `fixture ${fixture.name}: compile's issues (code, path, offset) differ from ${EXPECTS}, which is hand-written: fix compile, or the expectation if it was wrong`,
  ).toEqual(expects.issues.map(pick));
}

/** The document as fixtures store it: spans kept, diagnostics with positions. */
function snapshot(text: string, options: ParseOptions) {
  const result = parse(text, options);
  const { messages, addGenerationPrompt, continueFinalMessage, generationRole, dialect, diagnostics } =
    result;
  return {
    result,
    json: {
      dialect,
      addGenerationPrompt,
      continueFinalMessage,
      ...(generationRole !== undefined && { generationRole }),
      ...(result.modelOutput && { modelOutput: true }),
      ...(result.tools !== undefined && { tools: result.tools }),
      messages,
      ...(result.placeholders !== undefined && { placeholders: result.placeholders }),
      diagnostics: diagnostics.map((d) => JSON.parse(JSON.stringify(d))),
    },
  };
}

function parseCase(fixture: FixtureCase) {
  // A model's raw output is input.txt; a transcript, input.chatml.
  const input = fixture.text(fixture.has("input.txt") ? "input.txt" : "input.chatml");
  const options = fixture.has("options.json") ? fixture.json<ParseOptions>("options.json") : {};
  return { input, ...snapshot(input, options) };
}

const scratch = mkdtempSync(join(tmpdir(), "chatml-fixture-expects-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// "parse fixtures" is the name `pnpm run generate parse` selects (scripts/golden-groups.json).
describe("parse fixtures", () => {
  for (const kind of ["valid", "invalid"] as const) {
    for (const fixture of fixtureCases(`parse/${kind}`)) {
      const stated = attempt(() => parseExpects(fixture, kind));
      const claim = stated.value ? listDiagnostics(stated.value.diagnostics) : `has a valid ${EXPECTS}`;

      it(`${fixture.name}: ${claim}`, () => {
        if (!stated.value) throw stated.error;
        const { input, result } = parseCase(fixture);
        assertReports(fixture, input, stated.value, result.diagnostics);
      });

      it(`${fixture.name}: source() gives back the input and the document matches expected.json`, () => {
        const { input, result, json } = parseCase(fixture);
        expect(source(result), `fixture ${fixture.name}: source() must give back the input`).toBe(input);
        // Never regenerate a snapshot whose diagnostics break the hand-written expectation.
        if (UPDATE) {
          if (!stated.value) throw stated.error;
          assertReports(fixture, input, stated.value, result.diagnostics);
        }
        fixture.goldenJson("expected.json", json);
      });
    }
  }

  // fixtures/parse/profiles/{valid,invalid}: read with a model profile (options.json names it).
  for (const kind of ["valid", "invalid"] as const) {
    for (const fixture of fixtureCases(`parse/profiles/${kind}`)) {
      const stated = attempt(() => parseExpects(fixture, kind));
      const claim = stated.value ? listDiagnostics(stated.value.diagnostics) : `has a valid ${EXPECTS}`;

      it(`${fixture.name}: ${claim}`, () => {
        if (!stated.value) throw stated.error;
        expect(
          fixture.json<ParseOptions>("options.json").profile,
          `fixture ${fixture.name} names a profile`,
        ).toBeDefined();
        const { input, result } = parseCase(fixture);
        assertReports(fixture, input, stated.value, result.diagnostics);
      });

      it(`${fixture.name}: source() gives back the input and the document matches expected.json`, () => {
        const { input, result, json } = parseCase(fixture);
        expect(source(result), `fixture ${fixture.name}: source() must give back the input`).toBe(input);
        if (UPDATE) {
          if (!stated.value) throw stated.error;
          assertReports(fixture, input, stated.value, result.diagnostics);
        }
        fixture.goldenJson("expected.json", json);
      });
    }
  }

  // fixtures/parse/templates/{valid,invalid}: prompt templates, read with options.json's placeholders: true.
  for (const kind of ["valid", "invalid"] as const) {
    for (const fixture of fixtureCases(`parse/templates/${kind}`)) {
      const stated = attempt(() => parseExpects(fixture, kind));
      const claim = stated.value ? listDiagnostics(stated.value.diagnostics) : `has a valid ${EXPECTS}`;

      it(`${fixture.name}: ${claim}`, () => {
        if (!stated.value) throw stated.error;
        expect(
          fixture.json<ParseOptions>("options.json").placeholders,
          `fixture ${fixture.name} reads placeholders`,
        ).toBe(true);
        const { input, result } = parseCase(fixture);
        assertReports(fixture, input, stated.value, result.diagnostics);
      });

      it(`${fixture.name}: source() gives back the input, each placeholder's span covers it, and the document matches expected.json`, () => {
        const { input, result, json } = parseCase(fixture);
        expect(source(result), `fixture ${fixture.name}: source() must give back the input`).toBe(input);
        for (const p of result.placeholders ?? []) {
          expect(input.slice(p.nameStart, p.nameEnd), `fixture ${fixture.name}: a placeholder's name`).toBe(
            p.name,
          );
          const span = result.messages[p.messageIndex]?.span;
          expect(span && span.contentStart <= p.start && p.end <= span.contentEnd, fixture.name).toBe(true);
        }
        if (UPDATE) {
          if (!stated.value) throw stated.error;
          assertReports(fixture, input, stated.value, result.diagnostics);
        }
        fixture.goldenJson("expected.json", json);
      });
    }
  }

  it(`every parse/valid and parse/invalid case has a hand-written ${EXPECTS}`, () => {
    const missing = [
      "valid",
      "invalid",
      "profiles/valid",
      "profiles/invalid",
      "templates/valid",
      "templates/invalid",
    ].flatMap((kind) =>
      fixtureCases(`parse/${kind}`)
        .filter((fixture) => !fixture.has(EXPECTS))
        .map((fixture) => fixture.name),
    );
    expect(missing, `cases without ${EXPECTS}: state what each must report`).toEqual([]);
  });

  it(`a case without ${EXPECTS} is refused, naming the fixture`, () => {
    const dir = mkdtempSync(join(scratch, "no-expects-"));
    writeFileSync(join(dir, "input.chatml"), "<|im_end|>\n");
    const bare = fixtureCase(dir);
    expect(() => parseExpects(bare, "invalid")).toThrow(`fixture ${bare.name}/${EXPECTS} is missing`);
  });

  it(`an invalid case whose ${EXPECTS} states no diagnostic is refused`, () => {
    const dir = mkdtempSync(join(scratch, "empty-"));
    writeFileSync(join(dir, EXPECTS), JSON.stringify({ why: "nothing stated", diagnostics: [] }));
    expect(() => parseExpects(fixtureCase(dir), "invalid")).toThrow("states no diagnostic");
  });

  it("a diagnostic one offset off from expects.json fails, naming the fixture", () => {
    const fixture = fixtureCase("fixtures/parse/invalid/double-im-end");
    const { input, result } = parseCase(fixture);
    const stated = parseExpects(fixture, "invalid");
    const [first] = stated.diagnostics as [StatedDiagnostic];
    const shifted = { ...first, start: first.start + 1, text: input.slice(first.start + 1, first.end) };
    expect(() =>
      assertReports(fixture, input, { ...stated, diagnostics: [shifted] }, result.diagnostics),
    ).toThrow("fixture parse/invalid/double-im-end: the parser's diagnostics");
    // A miscounted expectation is caught by its text before it is compared.
    const miscounted = { ...first, start: first.start + 1 };
    expect(() =>
      assertReports(fixture, input, { ...stated, diagnostics: [miscounted] }, result.diagnostics),
    ).toThrow("the expectation is miscounted");
  });
});

// "compile fixtures" is the name `pnpm run generate compile` selects.
describe("compile fixtures", () => {
  // compile/profiles holds the model profiles' cases, rendered by the models' templates: profile-fixtures.test.ts.
  for (const fixture of fixtureCases("compile").filter((f) => f.name !== "compile/profiles")) {
    const input = () => fixture.json("messages.json");
    const options = () => (fixture.has("options.json") ? fixture.json<CompileOptions>("options.json") : {});

    if (!fixture.name.startsWith("compile/error-")) {
      it(`${fixture.name}: output matches expected.chatml and parses back with no diagnostics`, () => {
        let text: string | undefined;
        expect(() => {
          text = compile(input() as never, options());
        }, `fixture ${fixture.name} must compile`).not.toThrow();
        fixture.golden("expected.chatml", text as string);
        // What compile writes, parse reads back cleanly, in the dialect it was written in.
        const dialect = options().dialect ?? readChatInput(input()).flags.dialect ?? "chatml";
        const back = parse(text as string, { dialect });
        expect(back.diagnostics, `fixture ${fixture.name}: parse of the output`).toEqual([]);
      });
      continue;
    }

    const refusal = () => {
      try {
        compile(input() as never, options());
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const stated = attempt(() => compileExpects(fixture));

    it(`${fixture.name}: ${stated.value ? listIssues(stated.value.issues) : `has a valid ${EXPECTS}`}`, () => {
      if (!stated.value) throw stated.error;
      const error = refusal();
      expect(error, `fixture ${fixture.name} must be refused`).toBeInstanceOf(ChatMLCompileError);
      assertIssues(fixture, stated.value, (error as ChatMLCompileError).issues);
    });

    it(`${fixture.name}: the issues match expected-error.json`, () => {
      const error = refusal();
      expect(error, `fixture ${fixture.name} must be refused`).toBeInstanceOf(ChatMLCompileError);
      const { issues } = error as ChatMLCompileError;
      if (UPDATE) {
        if (!stated.value) throw stated.error;
        assertIssues(fixture, stated.value, issues);
      }
      fixture.goldenJson("expected-error.json", issues);
    });
  }

  it(`every compile/error-* case has a hand-written ${EXPECTS}`, () => {
    const missing = fixtureCases("compile")
      .filter((fixture) => fixture.name.startsWith("compile/error-") && !fixture.has(EXPECTS))
      .map((fixture) => fixture.name);
    expect(missing, `error cases without ${EXPECTS}: state the issues each must report`).toEqual([]);
  });
});

describe("golden groups (scripts/golden-groups.json, `pnpm run generate <group>`)", () => {
  const testFiles = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? testFiles(`${dir}/${entry.name}`)
        : entry.name.endsWith(".test.ts")
          ? [`${dir}/${entry.name}`]
          : [],
    );

  it("every test file that compares golden files belongs to a group", () => {
    const packages = readdirSync(join(ROOT, "packages")).filter((p) =>
      existsSync(join(ROOT, "packages", p, "test")),
    );
    const golden = packages
      .flatMap((p) => testFiles(`packages/${p}/test`))
      .filter((file) =>
        /\bfixtureCases?\(|UPDATE_FIXTURES|\bUPDATE\b/.test(readFileSync(join(ROOT, file), "utf8")),
      );
    const grouped = new Set(Object.values(GOLDEN_GROUPS).flatMap((group) => group.tests));
    expect(golden.filter((file) => !grouped.has(file))).toEqual([]);
    expect(golden.length).toBeGreaterThanOrEqual(5);
  });

  it("every group's test files and golden paths exist, and every fixtures/ folder has a group", () => {
    for (const [name, group] of Object.entries(GOLDEN_GROUPS)) {
      for (const path of [...group.tests, ...group.writes]) {
        expect(existsSync(join(ROOT, path)), `group ${name}: ${path}`).toBe(true);
      }
    }
    const folders = readdirSync(join(ROOT, "fixtures"));
    expect(folders.filter((folder) => goldenGroupOf(`fixtures/${folder}`) === undefined)).toEqual([]);
  });

  it("an unknown group is an error (exit 2) that lists the groups", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "scripts", "generate.mjs"), "parse", "nope"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown group "nope"');
    for (const name of Object.keys(GOLDEN_GROUPS)) expect(run.stderr).toContain(`  ${name} `);
    expect(run.stdout, "nothing is run when a group is unknown").toBe("");
  });

  it.skipIf(UPDATE)("a golden mismatch names the fixture file and the group's generate command", () => {
    const fixture = fixtureCase("fixtures/parse/valid/basic");
    expect(() => fixture.goldenJson("expected.json", { not: "the snapshot" })).toThrow(
      /fixture parse\/valid\/basic\/expected\.json differs .*`pnpm run generate parse`/,
    );
    expect(() => fixtureCase("fixtures/compile/basic").golden("missing.chatml", "")).toThrow(
      "fixture compile/basic/missing.chatml is missing; `pnpm run generate compile` creates it",
    );
  });
});
