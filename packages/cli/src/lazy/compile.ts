// `compile` on its own (the parser's ./compile subpath): no lexer, so the bundle chunk
// has no chevrotain and `chatml compile` starts fast.
export { ChatMLCompileError, compile, compileToSegments, droppedBy } from "@chatmlkit/parser/compile";
