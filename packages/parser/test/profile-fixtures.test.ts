// The model profiles against their models' own chat templates: each case's
// expected.chatml was rendered by the template (scripts/render-profile-fixtures.mjs,
// @huggingface/jinja; source.json names the template and its revision), so it
// is never rewritten from compile's output: a difference is compile's to fix.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/fixtures.js";
import { type CompileOptions, compile, compileToSegments, PROFILE_NAMES, parse } from "../src/index.js";

const BASE = join(ROOT, "fixtures/compile/profiles");
const read = (...path: string[]) => readFileSync(join(BASE, ...path), "utf8");

interface Source {
  template: {
    file: string;
    sha256: string;
    repository?: string;
    commit?: string;
    path?: string;
    model?: string;
  };
  renderer: string;
}

const profiles = readdirSync(BASE).sort();

describe("profile fixtures (fixtures/compile/profiles, rendered by each model's chat template)", () => {
  it("cover every profile", () => {
    expect(profiles).toEqual([...PROFILE_NAMES].sort());
  });

  for (const profile of profiles) {
    for (const name of readdirSync(join(BASE, profile)).sort()) {
      const fixture = `compile/profiles/${profile}/${name}`;
      it(`${fixture}: compile writes the template's bytes`, () => {
        const input = JSON.parse(read(profile, name, "messages.json"));
        const options = JSON.parse(read(profile, name, "options.json")) as CompileOptions;
        const source = JSON.parse(read(profile, name, "source.json")) as Source;
        expect(options.profile, `fixture ${fixture}/options.json names its profile`).toBe(profile);
        expect(source.template.sha256, `fixture ${fixture}/source.json names its template`).toMatch(
          /^[0-9a-f]{64}$/,
        );
        let text: string | undefined;
        expect(() => {
          text = compile(input, options);
        }, `fixture ${fixture} must compile`).not.toThrow();
        const expected = read(profile, name, "expected.chatml");
        expect(
          text,
          `fixture ${fixture}: compile differs from ${source.template.file} rendered by ${source.renderer}`,
        ).toBe(expected);
        // The segment form spells the same text, with the structure as special tokens.
        const joined = compileToSegments(input, options)
          .map((s) => (typeof s === "string" ? s : s.token))
          .join("");
        expect(joined, `fixture ${fixture}: compileToSegments`).toBe(expected);
        const dialect = profile === "phi-4" ? "chatml-sep" : "chatml";
        const errors = parse(expected, { dialect }).diagnostics.filter((d) => d.severity === "error");
        expect(errors, `fixture ${fixture}: the template's output reads back as ChatML`).toEqual([]);
      });
    }
  }
});
