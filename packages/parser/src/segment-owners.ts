// Who wrote each stretch of a compile's segments: a message, or the template's own
// text (a default system prompt, tool declarations, the generation prompt). Counting
// reads this to say where a model profile's tokens go without compiling twice.
import { type Segment, SegmentList } from "./segments.js";

/**
 * What wrote a stretch of compiled output: a message (its index in the input's
 * messages), or the template itself: the default system prompt it adds, its
 * declaration of the request's tools, the generation prompt.
 */
export type SegmentOwner = number | "system-prompt" | "tools" | "generation-prompt";

/** From segment `at` on (up to the next mark), `owner` wrote the segments. */
export interface OwnerMark {
  readonly at: number;
  readonly owner: SegmentOwner;
}

/** `compileToSegments`' segments, with who wrote them. */
export interface AttributedSegments {
  readonly segments: Segment[];
  /** In order of `at`; the first is at 0 whenever anything was written. */
  readonly owners: readonly OwnerMark[];
}

/** A SegmentList that also takes owner marks; text is split at each, so a segment has one owner. */
export class AttributedSegmentList extends SegmentList {
  readonly owners: OwnerMark[] = [];

  owner(owner: SegmentOwner): void {
    this.flush();
    const at = this.items.length;
    // Two marks in a row (an owner that wrote nothing): the later one owns what follows.
    if (this.owners[this.owners.length - 1]?.at === at) this.owners.pop();
    this.owners.push({ at, owner });
  }

  attributed(): AttributedSegments {
    const segments = this.done();
    const last = this.owners[this.owners.length - 1];
    if (last !== undefined && last.at === segments.length) this.owners.pop();
    return { segments, owners: this.owners };
  }
}
