import { describe, expect, it } from "vitest";
import { github } from "../src/format/github.js";
import { resultOf } from "../src/lint/types.js";

describe("github format", () => {
  it("escapes message data and property values as GitHub documents", () => {
    const result = resultOf("dir/a,b:c%.json", [
      {
        ruleId: "special-token",
        severity: 2,
        message: "100% bad\r\nsecond line",
        line: 3,
        column: 4,
        endLine: 3,
        endColumn: 9,
      },
      {
        ruleId: "empty-content",
        severity: 1,
        message: "a: b, c",
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
    expect(github([result]).split("\n")).toEqual([
      "::warning file=dir/a%2Cb%3Ac%25.json,line=1,col=1,endLine=1,endColumn=1,title=chatml empty-content::a: b, c",
      "::error file=dir/a%2Cb%3Ac%25.json,line=3,col=4,endLine=3,endColumn=9,title=chatml special-token::100%25 bad%0D%0Asecond line",
      "",
    ]);
  });
});
