// The reading half of @chatmlkit/parser (the chevrotain lexer and parser), loaded only by
// commands that read transcripts.
export { parse, segments } from "@chatmlkit/parser";
