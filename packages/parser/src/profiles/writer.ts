import type { OwnerMark, SegmentOwner } from "../segment-owners.js";
import type { Segment } from "../segments.js";
import { STRUCTURAL_TAGS, tagsIn } from "./tags.js";

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

  /** Who wrote the pieces: from piece `at` on, `owner` (see `owner`). */
  readonly owners: OwnerMark[] = [];

  /** The pieces written from now on are `owner`'s: a message's index, or the template's own part. */
  owner(owner: SegmentOwner): void {
    this.owners.push({ at: this.pieces.length, owner });
  }

  special(token: string): void {
    this.pieces.push({ token });
  }

  /** Text: a message's content, a tool's JSON, anything a value put there; never split into tags. */
  text(text: string): void {
    if (text !== "") this.pieces.push(text);
  }

  /**
   * The template's own text, with its structural tags (`<tool_call>`, `</think>`, ...) as
   * `{ token }` pieces: the segment form tells them from the same spelling in a value, and a
   * tokenizer with an added token for one gives it that id (compile's text is the same).
   */
  template(text: string): void {
    let from = 0;
    for (const { start, end } of tagsIn(text, STRUCTURAL_TAGS)) {
      this.text(text.slice(from, start));
      this.special(text.slice(start, end));
      from = end;
    }
    this.text(text.slice(from));
  }

  markContentEnd(): void {
    this.contentEnd = this.pieces.length;
  }

  markReasoningEnd(): void {
    this.reasoningEnd = this.pieces.length;
  }
}
