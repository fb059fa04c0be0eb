import type { Segment } from "../segments.js";

/**
 * Collects a profile's output: special tokens apart from text, and the two
 * places a continued final message may stop (after its content, after its
 * reasoning), so continuing never needs to search the output for the text.
 */
export class ProfileWriter {
  readonly pieces: Segment[] = [];
  /** Where the final message's content ends, once written. */
  contentEnd: number | undefined;
  /** Where the final message's reasoning ends, once written. */
  reasoningEnd: number | undefined;

  special(token: string): void {
    this.pieces.push({ token });
  }

  text(text: string): void {
    if (text !== "") this.pieces.push(text);
  }

  markContentEnd(): void {
    this.contentEnd = this.pieces.length;
  }

  markReasoningEnd(): void {
    this.reasoningEnd = this.pieces.length;
  }
}
