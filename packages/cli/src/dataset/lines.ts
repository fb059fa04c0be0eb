import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { Readable, Transform } from "node:stream";
import { inputError } from "../errors.js";
import { firstBadByte } from "../input/read.js";
import type { Io } from "../io.js";

/** One line of a JSONL file: its 1-based number and text (without the line break). */
export interface Line {
  readonly number: number;
  readonly text: string;
}

/**
 * The lines of a file (or stdin for `-`), streamed: memory stays bounded
 * whatever the file size. Each line must be UTF-8.
 */
export async function* readLines(io: Io, file: string, name: string): AsyncGenerator<Line> {
  const input =
    file === "-" ? Readable.from([await io.readStdin()]) : createReadStream(resolve(io.cwd, file));
  const lines = createInterface({
    input: input.pipe(new Utf8Check(name)),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const text of lines) {
    number++;
    yield { number, text: number === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
}

/** Passes bytes through as text, failing with the file's name and the offset of a byte that is not UTF-8. */
class Utf8Check extends Transform {
  readonly #decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  #offset = 0;
  constructor(readonly name: string) {
    super({ decodeStrings: true, encoding: "utf8" });
  }
  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null, text?: string) => void,
  ): void {
    try {
      const text = this.#decoder.decode(chunk, { stream: true });
      this.#offset += chunk.length;
      done(null, text);
    } catch {
      const at = this.#offset + firstBadByte(chunk);
      done(inputError(`not UTF-8: a byte near offset ${at} is not valid UTF-8`, { file: this.name }));
    }
  }
  override _flush(done: (error?: Error | null) => void): void {
    try {
      this.#decoder.decode();
      done();
    } catch {
      done(inputError("not UTF-8: the file ends inside a character", { file: this.name }));
    }
  }
}
