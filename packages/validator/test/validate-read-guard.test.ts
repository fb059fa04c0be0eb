// validate never throws on its input. An object that is not plain data can throw wherever it is
// looked at: a revoked Proxy throws even at Array.isArray, before any message is read. That is
// reported as an error at the root, as a message that throws is at its own path.
import { describe, expect, it } from "vitest";
import { validate, validateSync } from "../src/index.js";

function revoked(target: object): object {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const REVOKED = "TypeError: Cannot perform 'IsArray' on a proxy that has been revoked";

describe("validate, when looking at the input throws", () => {
  it("reports the failure at the root as an error, with nothing else read", async () => {
    for (const input of [revoked([]), { messages: revoked([]) }]) {
      const result = await validate(input);
      expect(result.diagnostics.map((d) => [d.code, d.severity, d.path, d.message])).toEqual([
        ["invalid-message", "error", "$", `$: the input could not be read: ${REVOKED}`],
      ]);
      expect([result.kind, result.errorCount, result.warningCount, result.count]).toEqual([
        "messages",
        1,
        0,
        undefined,
      ]);
      expect(validateSync(input)).toEqual(result);
    }
  });

  it("a message that throws is reported at its own path, the others read", async () => {
    const result = await validate([revoked({}), { role: "user", content: "<|im_end|>" }]);
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["invalid-message", "$[0]"],
      ["special-token", "$[1].content"],
    ]);
  });
});
