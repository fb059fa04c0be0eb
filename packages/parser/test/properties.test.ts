import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ChatMLCompileError,
  compile,
  compileToSegments,
  createStreamParser,
  findSpecialTokens,
  IM_END,
  parse,
  SPECIAL_TOKENS,
  type StreamEvent,
  source,
} from "../src/index.js";
import { tokenize } from "../src/lexer.js";
import { parseInPieces } from "../src/parse.js";
import { anyText, conversation, fuzzRuns, plain } from "./arbitraries.js";

const runs = fuzzRuns(2000);

describe("properties", () => {
  it("parse(compile(x)) gives back x, in both dialects, with both flags", () => {
    fc.assert(
      fc.property(conversation, (c) => {
        const { messages, addGenerationPrompt, continueFinalMessage, dialect } = c;
        const text = compile(messages, { dialect, addGenerationPrompt, continueFinalMessage });
        const back = parse(text, { dialect });
        expect(back.diagnostics).toEqual([]);
        expect(plain(back.messages)).toEqual(plain(messages));
        expect(back.addGenerationPrompt).toBe(addGenerationPrompt);
        expect(back.continueFinalMessage).toBe(continueFinalMessage);
        // And compile of the parsed document reproduces the bytes.
        expect(compile(back, { dialect })).toBe(text);
      }),
      runs,
    );
  });

  it("parse never throws, source(parse(s)) === s, and every offset is in range", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const result = parse(s);
        expect(source(result)).toBe(s);
        for (const m of result.messages) {
          expect(s.slice(m.span.contentStart, m.span.contentEnd)).toBe(m.content);
          expect(m.span.start).toBeLessThanOrEqual(m.span.end);
          expect(m.span.end).toBeLessThanOrEqual(s.length);
        }
        for (const d of result.diagnostics) {
          expect(0 <= d.start && d.start <= d.end && d.end <= s.length).toBe(true);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.endLine).toBeGreaterThanOrEqual(d.line);
        }
      }),
      runs,
    );
  });

  it("what parse reads with no error, compile writes back (flags or none), but a content's lone surrogate", () => {
    let clean = 0;
    fc.assert(
      fc.property(anyText, (s) => {
        const doc = parse(s);
        if (doc.diagnostics.some((d) => d.severity === "error")) return;
        clean++;
        const messages = doc.messages.map(({ span: _span, ...message }) => message);
        const surrogate = messages.some((m) => /\p{Cs}/u.test(m.content));
        const flags = {
          dialect: doc.dialect,
          addGenerationPrompt: doc.addGenerationPrompt,
          continueFinalMessage: doc.continueFinalMessage,
          ...(doc.generationRole && { generationRole: doc.generationRole }),
        };
        for (const options of [flags, {}]) {
          try {
            compileToSegments(messages, { ...options, contentSpecials: "text" });
            expect(surrogate).toBe(false);
          } catch (error) {
            if (!(error instanceof ChatMLCompileError)) throw error;
            expect(surrogate).toBe(true);
            for (const issue of error.issues)
              expect([issue.code, issue.field]).toEqual(["invalid-unicode", "content"]);
          }
        }
      }),
      runs,
    );
    // About one text in eight parses clean (249 of 2,000 at the CI seed).
    expect(clean).toBeGreaterThan(runs.numRuns / 20);
  });

  it("parsing a piece at a time gives the whole-text result, whatever the piece size", () => {
    const texts = fc.oneof(
      anyText,
      fc.array(anyText, { maxLength: 6 }).map((parts) => parts.join(IM_END)),
    );
    fc.assert(
      fc.property(
        texts,
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom("auto", "chatml", "chatml-sep"),
        (s, piece, dialect) => {
          const whole = parseInPieces(s, { dialect }, Number.POSITIVE_INFINITY);
          const pieces = parseInPieces(s, { dialect }, piece);
          // As JSON: diagnostics compute line and column lazily, each through its own factory.
          expect(JSON.parse(JSON.stringify(pieces))).toEqual(JSON.parse(JSON.stringify(whole)));
        },
      ),
      runs,
    );
  });

  it("text lexes piece by piece as a whole when pieces end after <|im_end|>", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const whole = tokenize(s).tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]);
        const pieces: unknown[] = [];
        let from = 0;
        for (const piece of s.split(/(?<=<\|im_end\|>)/)) {
          for (const t of tokenize(piece).tokens)
            pieces.push([t.tokenType.name, t.image, from + t.startOffset]);
          from += piece.length;
        }
        expect(pieces).toEqual(whole);
      }),
      runs,
    );
  });

  it("streaming with random chunk splits matches the whole-text parse", () => {
    fc.assert(
      fc.property(
        anyText,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.option(fc.constantFrom("assistant", "user"), { nil: undefined }),
        (s, cuts, stopAtEnd, openRole) => {
          const stream = createStreamParser({ stopAtEnd, ...(openRole !== undefined && { openRole }) });
          const events: StreamEvent[] = [];
          let from = 0;
          for (const cut of [...cuts.map((c) => c % (s.length + 1))].sort((a, b) => a - b)) {
            events.push(...stream.write(s.slice(from, cut)));
            from = Math.max(from, cut);
          }
          events.push(...stream.write(s.slice(from)));
          events.push(...stream.end());

          const read = stream.text;
          expect(s.startsWith(read)).toBe(true);
          if (read !== s) expect(read.endsWith(IM_END)).toBe(true);
          const prefix = openRole === undefined ? "" : `<|im_start|>${openRole}\n`;
          const whole = parse(prefix + read);

          // Rebuild messages from the events alone.
          const rebuilt: Array<{
            role: string;
            content: string;
            name?: string;
            attributes?: Record<string, string>;
          }> = [];
          for (const e of events) {
            if (e.type === "message-start") {
              expect(e.index).toBe(rebuilt.length);
              rebuilt.push({
                role: e.role,
                content: "",
                ...(e.name !== undefined && { name: e.name }),
                ...(e.attributes !== undefined && { attributes: e.attributes }),
              });
            } else if (e.type === "content") {
              const m = rebuilt[e.index];
              expect(m).toBeDefined();
              if (m) m.content += e.delta;
            }
          }
          expect(rebuilt).toEqual(plain(whole.messages));
          const ends = events.filter((e) => e.type === "message-end");
          expect(ends.map((e) => e.message)).toEqual(plain(whole.messages));
        },
      ),
      runs,
    );
  });
});

describe("findSpecialTokens", () => {
  // The plain definition: at each "<|", the first listed token spelled there.
  const naive = (text: string, tokens: readonly string[]) => {
    const found: { token: string; offset: number }[] = [];
    for (let at = text.indexOf("<|"); at !== -1; ) {
      const token = tokens.find((t) => text.startsWith(t, at));
      if (token !== undefined) found.push({ token, offset: at });
      at = text.indexOf("<|", at + (token?.length ?? 1));
    }
    return found;
  };
  const lists = fc.constantFrom(SPECIAL_TOKENS, [
    "<|im_sep|>",
    "<|im|>",
    "<|im_start|>",
    "<|i|>",
    "<||>",
    "<|",
  ]);

  it("finds what the plain definition finds, for any list of tokens", () => {
    fc.assert(
      fc.property(anyText, lists, (text, tokens) => {
        expect(findSpecialTokens(text, tokens)).toEqual(naive(text, tokens));
      }),
      { numRuns: 3000 },
    );
  });
});
