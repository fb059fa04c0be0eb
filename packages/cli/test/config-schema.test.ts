// The config file's JSON Schema (packages/cli/config.schema.json), generated from the config
// reader's key table by configSchema: no drift from it (UPDATE_FIXTURES=1 rewrites it: `pnpm
// generate config-schema`), and it accepts and refuses what loadConfig does. `chatml init`'s
// starter config validates against it and loads; `--print-config`'s data says what lint uses.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RULES } from "@chatmlkit/validator/rules";
import { Ajv } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { configSchema, loadConfig } from "../src/config.js";
import { memoryIo } from "../src/io.js";
import { effectiveConfig } from "../src/print-config.js";
import { ROOT } from "./bundle.js";

const FILE = join(ROOT, "packages/cli/config.schema.json");
const work = mkdtempSync(join(tmpdir(), "chatml-config-schema-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const schema = configSchema(RULES);
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

let folders = 0;
/** Whether loadConfig takes `text` as a config. */
async function loads(text: string): Promise<boolean> {
  const dir = join(work, `case-${folders++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "chatml.config.json"), text);
  return loadConfig(dir, undefined).then(
    () => true,
    () => false,
  );
}

describe("config.schema.json", () => {
  it("is what configSchema generates from the reader's key table and the rule registry", () => {
    if (process.env.UPDATE_FIXTURES === "1") {
      writeFileSync(FILE, `${JSON.stringify(schema, null, 2)}\n`);
      // Formatted as Biome formats the repository's JSON, so `pnpm lint` passes on it.
      spawnSync(join(ROOT, "node_modules/.bin/biome"), ["format", "--write", FILE], { cwd: ROOT });
    }
    const hint =
      "packages/cli/config.schema.json differs from configSchema(); `pnpm run generate config-schema` rewrites it";
    expect(JSON.parse(readFileSync(FILE, "utf8")), hint).toEqual(schema);
  });

  it("accepts the config the CLI README shows", () => {
    const readme = readFileSync(join(ROOT, "packages/cli/README.md"), "utf8");
    const block = /\nConfig: `chatml\.config\.json`[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "the README's config example").toBeDefined();
    expect(validate(JSON.parse(block ?? "")), JSON.stringify(validate.errors)).toBe(true);
  });

  it("ships in the package", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "packages/cli/package.json"), "utf8"));
    expect(manifest.files).toContain("config.schema.json");
  });

  const cases = [
    '{"model": "gpt-4o", "maxTokens": 500, "dialect": "auto", "roles": ["system", "user"]}',
    '{"$schema": "./node_modules/@chatmlkit/cli/config.schema.json"}',
    '{"rules": {"special-token-lookalike": "error", "empty-content": "off"}, "ignore": ["fixtures/**"]}',
    '{"files": ["prompts/**/*.txt"], "maxExampleTokens": 0, "contextWindow": 9007199254740991}',
    '{"encoding": "o200k_base", "maxPromptTokens": 1, "maxMessageTokens": 2}',
    '{"tokenizer": "models/qwen/tokenizer.json", "contextWindow": 32768}',
    '{"tokenizer": ""}',
    "{}",
    '{"maxTokens": -1}',
    '{"maxTokens": 1.5}',
    '{"maxTokens": "500"}',
    '{"maxTokens": 1e300}',
    '{"encoding": "p50k_base"}',
    '{"dialect": "chatml-pipe"}',
    '{"profile": "qwen3"}',
    '{"profile": "qwen9"}',
    '{"template": true, "variables": {"type": "object", "properties": {"question": {"maxTokens": 200}}}}',
    '{"template": "yes"}',
    '{"variables": []}',
    '{"variables": {"properties": null}}',
    '{"roles": ["user", 1]}',
    '{"rules": {"special-tokn": "off"}}',
    '{"rules": {"special-token": "warning"}}',
    '{"rules": []}',
    '{"files": []}',
    '{"files": [""]}',
    '{"ignore": "fixtures/**"}',
    '{"$schema": 1}',
    '{"modle": "gpt-4o"}',
    "[]",
  ];
  it("the cases below set every key of the schema, and it lists every rule", () => {
    const set = new Set(cases.flatMap((text) => Object.keys(JSON.parse(text))));
    expect(Object.keys(schema.properties).filter((key) => !set.has(key))).toEqual([]);
    const rules = (schema.properties.rules as { properties: object }).properties;
    expect(Object.keys(rules)).toEqual(RULES.map((r) => r.id));
  });

  for (const text of cases) {
    it(`agrees with the reader on ${text}`, async () => {
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(await loads(text));
    });
  }
});

describe("chatml init", () => {
  async function init(dir: string, args: string[] = []) {
    const io = memoryIo({ cwd: dir });
    const code = await runCli(["init", ...args], io);
    return { code, out: io.out(), err: io.err() };
  }

  it("writes a starter config that validates against the schema and loads", async () => {
    const dir = join(work, "init");
    mkdirSync(dir);
    const result = await init(dir, ["--model", "gpt-4o-mini"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("wrote chatml.config.json");
    const text = readFileSync(join(dir, "chatml.config.json"), "utf8");
    const value = JSON.parse(text);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(value.$schema).toBe("./node_modules/@chatmlkit/cli/config.schema.json");
    // The $schema path, as a project that installed the CLI has it, reaches the shipped schema.
    mkdirSync(join(dir, "node_modules/@chatmlkit"), { recursive: true });
    symlinkSync(join(ROOT, "packages/cli"), join(dir, "node_modules/@chatmlkit/cli"));
    expect(JSON.parse(readFileSync(join(dir, value.$schema), "utf8")).title).toBe("chatml config");
    const loaded = await loadConfig(dir, undefined);
    expect(loaded.config.model).toBe("gpt-4o-mini");
    // A lint run reads it.
    writeFileSync(join(dir, "a.chatml"), "<|im_start|>user\nHi<|im_end|>\n");
    const io = memoryIo({ cwd: dir });
    expect(await runCli(["lint", "a.chatml"], io)).toBe(0);
  });

  it("never writes over a config, of either name", async () => {
    for (const name of ["chatml.config.json", ".chatmlrc.json"]) {
      const dir = join(work, `init-over-${name}`);
      mkdirSync(dir);
      writeFileSync(join(dir, name), '{"model": "mine"}');
      const result = await init(dir);
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        `chatml: ${name} is already here; chatml init writes a config only where there is none\n`,
      );
      expect(readFileSync(join(dir, name), "utf8")).toBe('{"model": "mine"}');
    }
  });

  it("refuses a model chatmlkit does not know, naming the closest", async () => {
    const dir = join(work, "init-model");
    mkdirSync(dir);
    const result = await init(dir, ["--model", "gpt-4q"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("gpt-4o");
  });
});

describe("the effective config of a file (--print-config)", () => {
  it("the config's settings, lint's defaults, the file's kind and every rule's level", async () => {
    const dir = join(work, "effective");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(
      join(dir, "chatml.config.json"),
      '{"model": "gpt-4o", // JSONC\n "rules": {"empty-content": "off"}, "ignore": ["x/**"]}',
    );
    const loaded = await loadConfig(join(dir, "sub"), undefined);
    const config = { ...loaded.config, maxTokens: 100 };
    const effective = await effectiveConfig(join(dir, "sub"), "data.jsonl", config, loaded.file, undefined);
    expect(effective).toMatchObject({
      file: "data.jsonl",
      configFile: "../chatml.config.json",
      kind: "jsonl",
      settings: { model: "gpt-4o", maxTokens: 100, dialect: "auto", maxExampleTokens: 16385 },
      ignore: ["x/**"],
      files: null,
    });
    expect(effective.rules["empty-content"]).toBe("off");
    expect(effective.rules["special-token"]).toBe("error");
    expect(Object.keys(effective.rules)).toEqual(RULES.map((r) => r.id));
    const plain = await effectiveConfig(work, "notes", {}, undefined, "json");
    expect({ kind: plain.kind, configFile: plain.configFile }).toEqual({ kind: "json", configFile: null });
  });
});
