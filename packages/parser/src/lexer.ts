import { type ILexingError, type IToken, Lexer } from "chevrotain";
import { lexerDefinition } from "./tokens.js";

// One lexer for the process: building it validates and analyses the token set.
const lexer = new Lexer(lexerDefinition, {
  positionTracking: "onlyOffset",
  // Every pattern is analysable or hinted (tokens.ts): fail loudly if not.
  ensureOptimizations: true,
});

/**
 * Splits a transcript into tokens. Every mode has a catch-all token, so the
 * images concatenate back to `text`; `errors` is empty unless that
 * invariant is broken, which parse reports rather than hides.
 */
export function tokenize(text: string): { tokens: IToken[]; errors: ILexingError[] } {
  const { tokens, errors } = lexer.tokenize(text);
  return { tokens, errors };
}
