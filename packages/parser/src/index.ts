/**
 * @chatmlkit/parser: read and write ChatML faithfully.
 *
 * - `parse(text)` reads a transcript into messages, flags and diagnostics; never throws.
 * - `source(result)` gives back the exact input text.
 * - `compile(messages)` writes a canonical transcript, refusing special tokens in any field.
 * - `compileToSegments` / `segments` give the safe form: special tokens apart from text.
 * - `createStreamParser()` reads model output chunk by chunk.
 *
 * No Node APIs: runs in browsers too.
 */

export {
  type ChatInput,
  type ChatMessage,
  type FunctionCall,
  type ImagePart,
  type InputFlags,
  type InputIssue,
  messageMemberPath,
  readChatInput,
  readChatMessage,
  readImagePart,
  readToolDefinitions,
  type TextPart,
  type ToolCall,
  type ToolDefinition,
} from "./chat-input.js";
export {
  type AttributedSegments,
  type CompileInput,
  type CompileMessage,
  type CompileOptions,
  type CompileResult,
  compile,
  compileToAttributedSegments,
  compileToSegments,
  type OwnerMark,
  PROFILE_NAMES,
  type ProfileInfo,
  type ProfileName,
  type ProfileSource,
  profileInfo,
  type SegmentCompileOptions,
  type SegmentOwner,
  type TextContentPart,
  tryCompile,
} from "./compile.js";
export { ChatMLCompileError, type CompileIssue, type CompileIssueCode } from "./compile-errors.js";
export {
  type ContentSpecials,
  type DropField,
  type DroppedField,
  droppedBy,
  type UnknownKeys,
} from "./compile-input.js";
export {
  type Diagnostic,
  DiagnosticFactory,
  PARSE_DIAGNOSTICS,
  type ParseDiagnosticCode,
  type ParseDiagnosticInfo,
  type Severity,
  severityOf,
} from "./diagnostics.js";
export type {
  ChatMLDocument,
  Dialect,
  Message,
  MessageSpan,
  MessageToolCall,
  ParseResult,
  Range,
  SourceToken,
} from "./document.js";
export { DIALECT_OPTIONS, isDialectOption, unknownDialectMessage } from "./document.js";
export { type HeaderProblem, type HeaderWord, type ParsedHeader, parseHeader } from "./header.js";
export {
  describeValue,
  isRecord,
  MAX_DEPTH,
  memberPath,
  type StringVisitor,
  tooDeepPath,
  walkStrings,
} from "./json-path.js";
export {
  type JsonPlace,
  type JsonProblem,
  type JsonSource,
  type JsonSourceResult,
  MAX_JSON_DEPTH,
  readJsonSource,
} from "./json-source.js";
export { type ParseOptions, parse, source } from "./parse.js";
export { LineIndex, type Position } from "./positions.js";
export { PROFILE_DIAGNOSTIC_CODES } from "./profiles/read-output.js";
export {
  type RuleCategory,
  type RuleDocFields,
  type RuleExample,
  type RuleExampleOptions,
  ruleAnchor,
} from "./rule-doc.js";
export { type Segment, type SegmentOptions, segments } from "./segments.js";
export {
  ENDOFTEXT,
  findSpecialTokens,
  IM_END,
  IM_SEP,
  IM_START,
  SPECIAL_LOOKING,
  SPECIAL_TOKENS,
  type SpecialTokenMatch,
  STRUCTURAL_TAGS,
  tagsIn,
} from "./special-tokens.js";
export {
  createStreamParser,
  type StreamEvent,
  type StreamParser,
  type StreamParserOptions,
} from "./stream.js";
export {
  type Placeholder,
  type PlaceholderScan,
  scanPlaceholders,
  type TemplateProblem,
  type TemplateProblemCode,
} from "./template/placeholders.js";
export type { PlaceholderNode } from "./template/read-placeholders.js";
export { escapeHidden, quoted } from "./visible.js";
