// functionsNamespace over definitions the main tests do not use: parameters that are no object,
// number types, anyOf options that are no schemas.
import { describe, expect, it } from "vitest";
import { functionsNamespace } from "../src/index.js";

describe("functionsNamespace", () => {
  it("writes parameters that are no object as no parameters", () => {
    expect(functionsNamespace([{ name: "now", parameters: "none" }])).toBe(
      "namespace functions {\n\ntype now = () => any;\n\n} // namespace functions",
    );
  });

  it("writes number types, with their enum, and an anyOf option that is no schema as an empty type", () => {
    const fn = {
      name: "pick",
      parameters: {
        type: "object",
        properties: {
          n: { type: "number" },
          k: { type: "number", enum: [1.5, 2] },
          either: { anyOf: [{ type: "number" }, 5] },
        },
        required: ["n"],
      },
    };
    expect(functionsNamespace([fn])).toBe(
      [
        "namespace functions {",
        "",
        "type pick = (_: {",
        "n: number,",
        "k?: 1.5 | 2,",
        "either?: number | ,",
        "}) => any;",
        "",
        "} // namespace functions",
      ].join("\n"),
    );
  });

  it("writes no comment for an empty description, of a function or of a property, and no name that is no string", () => {
    const fn = {
      name: 5,
      description: "",
      parameters: { type: "object", properties: { q: { type: "string", description: "" } } },
    };
    expect(functionsNamespace([fn])).toBe(
      [
        "namespace functions {",
        "",
        "type  = (_: {",
        "q?: string,",
        "}) => any;",
        "",
        "} // namespace functions",
      ].join("\n"),
    );
  });
});
