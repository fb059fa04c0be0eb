// The placeholder checks' words, through validate: which side of a placeholder could join a
// special token (after, before, right before another), the look back past a long content, and
// a variable used whole counting for its parts.
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.js";

const found = async (
  content: string,
  variables: Record<string, unknown> = { properties: { x: {}, y: {} } },
) => (await validate([{ role: "user", content }], { variables })).diagnostics.map((d) => [d.code, d.message]);
const joined = (what: string, name = "x") =>
  `{{ ${name} }} is ${what}: the value and the text beside it are joined, and together can spell a special token neither is alone; put a space or other text between`;

describe("placeholder-adjacent-special", () => {
  it("says which side could join a special token", async () => {
    expect(await found("a <|{{ x }} {{ y }}")).toEqual([
      ["placeholder-adjacent-special", joined('after "<|"')],
    ]);
    expect(await found("{{ x }}|> {{ y }}")).toEqual([
      ["placeholder-adjacent-special", joined('before "|>"')],
    ]);
    expect(await found("{{ x }}{{ y }}")).toEqual([
      ["placeholder-adjacent-special", joined("right before {{ y }}")],
    ]);
  });

  it("looks back from the placeholder, however long the content after it", async () => {
    expect(await found(`a <|{{ x }} {{ y }} ${"text ".repeat(30)}`)).toEqual([
      ["placeholder-adjacent-special", joined('after "<|"')],
    ]);
  });
});

describe("unused-variable", () => {
  it("counts a variable used whole for each of its parts", async () => {
    const variables = { properties: { user: { properties: { name: {}, city: {} } } } };
    expect(await found("{{ user }}", variables)).toEqual([]);
    expect((await found("{{ user.name }}", variables)).map(([code, message]) => [code, message])).toEqual([
      ["unused-variable", "the variable user.city is declared but no placeholder uses it"],
    ]);
  });
});
