import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";

const work = mkdtempSync(join(tmpdir(), "chatml-config-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A folder of its own under `work`, with `files` written in it. */
function folder(name: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe("config files are read like inputs", () => {
  it("are found from a subfolder upward", async () => {
    const root = folder("found", { "chatml.config.json": '{"model": "gpt-4o"}' });
    const sub = folder("found/a/b");
    const loaded = await loadConfig(sub, undefined);
    expect(loaded.config).toEqual({ model: "gpt-4o" });
    expect(loaded.file).toBe(join(root, "chatml.config.json"));
  });

  it("a FIFO named as a config is refused at once, not waited on", async () => {
    const dir = folder("fifo");
    execFileSync("mkfifo", [join(dir, "chatml.config.json")]);
    await expect(loadConfig(dir, undefined)).rejects.toThrow(
      "cannot read config chatml.config.json: it is a FIFO (named pipe), not a regular file",
    );
  });

  it("a device or an oversized file named by --config is refused with what it is", async () => {
    const dir = folder("big", { "big.json": " ".repeat(2 * 1024 * 1024) });
    await expect(loadConfig(dir, "/dev/zero")).rejects.toThrow(
      "cannot read config /dev/zero: it is a character device, not a regular file",
    );
    await expect(loadConfig(dir, "big.json")).rejects.toThrow(
      /^cannot read config big\.json: it is 2 MiB .*over the 1 MiB limit$/,
    );
  });
});

describe("a config's token limits are counts, as the flags' are", () => {
  // The one definition (isCount of @chatmlkit/validator/limits): a safe whole number >= 0.
  for (const bad of ["-1", "1.5", '"500"', "1e300"]) {
    it(`maxTokens ${bad} is refused, naming the key`, async () => {
      const dir = folder(`count-${bad.replace(/\W/g, "_")}`, {
        "chatml.config.json": `{"maxTokens": ${bad}}`,
      });
      await expect(loadConfig(dir, undefined)).rejects.toThrow(
        'config key "maxTokens" must be a whole number',
      );
    });
  }

  it("0 and a large whole number are kept", async () => {
    const dir = folder("count-good", {
      "chatml.config.json": '{"maxTokens": 0, "maxExampleTokens": 9007199254740991}',
    });
    expect((await loadConfig(dir, undefined)).config).toEqual({
      maxTokens: 0,
      maxExampleTokens: 9007199254740991,
    });
  });
});

describe("config problems are all reported, each at its line and column", () => {
  const failure = async (text: string) => {
    const dir = folder(`problems-${Math.random().toString(36).slice(2)}`, { "chatml.config.json": text });
    try {
      await loadConfig(dir, undefined);
    } catch (error) {
      return error as Error & { format(): string; exitCode: number };
    }
    throw new Error("the config was accepted");
  };

  it("lists every bad key and value, not only the first", async () => {
    const error = await failure('{\n  "maxTokens": -5,\n  "modle": "gpt-4o"\n}');
    expect(error.exitCode).toBe(2);
    expect(error.format()).toBe(
      'chatml.config.json:2:16: config key "maxTokens" must be a whole number >= 0, got -5\n' +
        'chatml.config.json:3:4: unknown config key "modle"; known keys: model, encoding, tokenizer, contextWindow, maxTokens, maxPromptTokens, maxMessageTokens, maxExampleTokens, dialect, profile, roles, rules, ignore, files, template, variables',
    );
  });

  it("lists every unknown rule id and bad level, at its key or value", async () => {
    const error = await failure('{ "rules": {\n  "special-tokn": "off",\n  "special-token": "of" } }');
    const lines = error.format().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^chatml\.config\.json:2:4: unknown rule "special-tokn"/);
    expect(lines[1]).toBe(
      'chatml.config.json:3:21: rule "special-token" must be "off", "warn" or "error", got "of"',
    );
  });

  it("takes comments and a $schema, as editors write configs", async () => {
    const dir = folder("jsonc", {
      "chatml.config.json":
        '{\n  // the team\'s model\n  "$schema": "./config.schema.json", /* a hint for editors */\n  "model": "gpt-4o"\n}',
    });
    expect((await loadConfig(dir, undefined)).config.model).toBe("gpt-4o");
  });

  it("says an empty config file is empty", async () => {
    expect((await failure(" \n")).format()).toBe(
      "chatml.config.json: the config file is empty; it must hold a JSON object",
    );
  });
});
