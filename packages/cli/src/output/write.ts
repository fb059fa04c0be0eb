import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { usageError } from "../errors.js";
import type { Io } from "../io.js";

/** Temporary files being written, removed if the process is interrupted (see main.ts). */
export const pendingTemporaryFiles = new Set<string>();

/**
 * Writes `text` to stdout, or to `output` atomically: a temporary file in the
 * same folder, then a rename, so an error or an interrupt leaves the old file
 * intact and no partial file. Refuses to write over one of its own inputs.
 */
export async function writeOutput(
  io: Io,
  text: string,
  output: string | undefined,
  inputs: readonly (string | undefined)[],
): Promise<void> {
  if (output === undefined || output === "-") {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd, output);
  if (inputs.some((input) => input !== undefined && resolve(input) === target)) {
    throw usageError(`refusing to write the output over its own input ${output}`);
  }
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  pendingTemporaryFiles.add(temporary);
  try {
    await writeFile(temporary, text, { flag: "wx" });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw usageError(`cannot write ${output}: ${(error as Error).message}`);
  } finally {
    pendingTemporaryFiles.delete(temporary);
  }
}
