// Transcript counting needs the parser's reader: loaded only when a transcript is counted.
export { countTranscriptTokens } from "@chatmlkit/validator";
