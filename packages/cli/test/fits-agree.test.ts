import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { limitsOf, resolveModel, validate } from "@chatmlkit/validator";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { memoryIo, runCli } from "../src/index.js";

// "Does it fit" has one answer: the library's validate, and the CLI's count, lint and fit
// give the same verdict and the same numbers for any request body and limits.
const work = mkdtempSync(join(tmpdir(), "chatml-fits-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODELS = ["gpt-35-turbo", "gpt-4", "gpt-4o-mini"] as const;

const message = (role: string) =>
  fc.integer({ min: 0, max: 900 }).map((words) => ({ role, content: "tok ".repeat(words) }));

const caseArb = fc.record({
  model: fc.constantFrom(...MODELS),
  messages: fc
    .array(fc.constantFrom("user", "assistant"), { minLength: 1, maxLength: 6 })
    .chain((roles) => fc.tuple(message("system"), ...roles.map(message))),
  field: fc.constantFrom("max_tokens", "max_completion_tokens", undefined),
  bodyMaxTokens: fc.integer({ min: 0, max: 8000 }),
  flagMaxTokens: fc.option(fc.integer({ min: 0, max: 8000 }), { nil: undefined }),
  maxPromptTokens: fc.option(fc.integer({ min: 1, max: 6000 }), { nil: undefined }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

async function cli(args: string[]) {
  const io = memoryIo({ cwd: work });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

function bodyOf(c: Case) {
  return {
    model: c.model,
    ...(c.field !== undefined && { [c.field]: c.bodyMaxTokens }),
    messages: c.messages,
  };
}

describe("validate, count, lint and fit agree on whether a request fits", () => {
  it("on generated request bodies and limits", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const body = bodyOf(c);
        writeFileSync(join(work, "request.json"), JSON.stringify(body));
        // lint takes its budget from the config, as a project sets it.
        writeFileSync(
          join(work, "chatml.config.json"),
          JSON.stringify(c.maxPromptTokens === undefined ? {} : { maxPromptTokens: c.maxPromptTokens }),
        );
        const limitFlags = [
          ...(c.flagMaxTokens === undefined ? [] : ["--max-tokens", String(c.flagMaxTokens)]),
          ...(c.maxPromptTokens === undefined ? [] : ["--max-prompt-tokens", String(c.maxPromptTokens)]),
        ];

        const library = await validate(body, {
          ...(c.flagMaxTokens !== undefined && { maxTokens: c.flagMaxTokens }),
          ...(c.maxPromptTokens !== undefined && { maxPromptTokens: c.maxPromptTokens }),
        });
        const counted = library.count;
        if (counted === undefined) throw new Error("validate did not count a known model's request");
        const expectedMaxTokens = c.flagMaxTokens ?? (c.field === undefined ? 0 : c.bodyMaxTokens);
        expect(counted.maxTokens).toBe(expectedMaxTokens);
        const overLimit = library.diagnostics.some(
          (d) => d.code === "context-window" || d.code === "token-budget",
        );
        expect(overLimit).toBe(!counted.fits);

        const count = await cli(["count", "request.json", "--format", "json", ...limitFlags]);
        const report = JSON.parse(count.out).files[0];
        expect(report).toMatchObject({
          promptTokens: counted.promptTokens,
          maxTokens: counted.maxTokens,
          contextWindow: counted.contextWindow,
          fits: counted.fits,
        });
        expect(count.code).toBe(counted.fits ? 0 : 1);

        const flagOnly = c.flagMaxTokens === undefined ? [] : ["--max-tokens", String(c.flagMaxTokens)];
        const lint = await cli(["lint", "request.json", "--format", "json", ...flagOnly]);
        const lintRules = JSON.parse(lint.out)[0].messages.map((m: { ruleId: string }) => m.ruleId);
        expect(lintRules.some((r: string) => r === "context-window" || r === "token-budget")).toBe(
          !counted.fits,
        );
        expect(lint.code).toBe(counted.fits ? 0 : 1);

        const fit = await cli(["fit", "request.json", ...limitFlags]);
        if (c.flagMaxTokens === undefined && c.field === undefined) {
          // Nothing reserved for the answer: fit refuses rather than fill the window.
          expect(fit.code).toBe(2);
          expect(fit.err).toMatch(/fit needs --max-tokens/);
          return;
        }
        const limits = limitsOf(
          resolveModel({ model: c.model }),
          {
            ...(c.flagMaxTokens !== undefined && { maxTokens: c.flagMaxTokens }),
            ...(c.maxPromptTokens !== undefined && { maxPromptTokens: c.maxPromptTokens }),
          },
          c.field === undefined ? {} : { value: c.bodyMaxTokens, source: c.field },
        );
        const kept = /kept (\d+) messages, (\d+) prompt tokens of (-?\d+) allowed/.exec(fit.err);
        if (counted.fits) {
          expect(fit.code).toBe(0);
          expect(fit.err).not.toMatch(/dropped/);
          expect(kept?.slice(1).map(Number)).toEqual([
            c.messages.length,
            counted.promptTokens,
            limits.promptLimit,
          ]);
        } else if (fit.code === 0) {
          expect(fit.err).toMatch(/dropped \d+ messages?/);
          expect(Number(kept?.[2])).toBeLessThanOrEqual(limits.promptLimit);
          expect(Number(kept?.[3])).toBe(limits.promptLimit);
        } else {
          expect(fit.code).toBe(1);
          expect(fit.err).toMatch(/cannot fit/);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
