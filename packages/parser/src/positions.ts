/** 1-based line and column of an offset (column counts UTF-16 code units). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets to lines and columns. The line-start table is built on first
 * use only, so a parse without diagnostics never pays for it.
 */
export class LineIndex {
  #starts: number[] | undefined;
  constructor(private readonly text: string) {}

  /** Position of `offset`; `\r\n`, `\n` and a lone `\r` all end a line. */
  position(offset: number): Position {
    const starts = this.#lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  #lineStarts(): number[] {
    if (this.#starts) return this.#starts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.#starts = starts;
    return starts;
  }
}
