import { randomBytes } from "node:crypto";
import { rmSync, type Stats, writeSync } from "node:fs";
import {
  type FileHandle,
  lstat,
  open,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, usageError } from "../errors.js";
import { fsReason } from "../fs-reason.js";
import { fileType } from "../input/read.js";
import type { Io } from "../io.js";

/**
 * What `writeOutput` writes: the text whole, or a function that makes it piece
 * by piece with `write` (each piece goes to the file at once, never held: a
 * report made as lint goes) and resolves when it is done.
 */
export type OutputText = string | ((write: (piece: string) => void) => Promise<void>);

/**
 * Writes `text` to stdout, or to `output`. A regular file (or none yet) is
 * replaced atomically: a temporary file in the same folder, then a rename, so
 * an error or a signal leaves the old file intact and no partial file. The
 * new file keeps the old one's permissions (and owner, where allowed). A
 * symbolic link is written through: its target is replaced, the link stays.
 * A FIFO or a character device (/dev/null, a terminal) is written to
 * directly, as a shell's `>` would. Refuses to write over one of its own inputs.
 * A function's pieces are written as it makes them (synchronously, so they
 * cannot pile up in memory); if it throws, its error is thrown as it is, the
 * temporary file removed and the old file kept.
 */
export async function writeOutput(
  io: Io,
  text: OutputText,
  output: string | undefined,
  inputs: readonly (string | undefined)[],
): Promise<void> {
  if (output === undefined || output === "-") {
    if (typeof text === "string") io.stdout.write(text);
    else await text((piece) => io.stdout.write(piece));
    return;
  }
  const named = resolve(io.cwd, output);
  let existing: Stats | undefined;
  try {
    // stat follows every link, /proc's magic ones too (/dev/stdout may be a pipe).
    existing = await stat(named).catch(ifMissing(undefined));
    if (existing !== undefined && (await isInput(existing, inputs))) {
      throw usageError(`refusing to write the output over its own input ${output}`);
    }
    if (existing !== undefined && !existing.isFile()) {
      if (!(existing.isFIFO() || existing.isCharacterDevice())) {
        throw usageError(`cannot write ${output}: it is ${fileType(existing)}`);
      }
      if (typeof text === "string") await writeFile(named, text);
      else {
        const handle = await open(named, "w");
        try {
          await writeInto(handle, text);
        } finally {
          await handle.close();
        }
      }
      return;
    }
    await replace(
      io,
      existing === undefined ? await linkTarget(named) : await realpath(named),
      text,
      existing,
    );
  } catch (error) {
    if (error instanceof MakerError) throw error.error;
    if (error instanceof CliError) throw error;
    throw usageError(`cannot write ${output}: ${fsReason(error, "write")}`);
  }
}

/** What the function making the text threw: the caller's error, not a failure to write. */
class MakerError {
  constructor(readonly error: unknown) {}
}

/**
 * Writes each piece `make` makes to `handle` where the last ended, whole, before
 * `make` goes on. A failure to write (a full disk) is thrown as such, whatever
 * `make` does with it.
 */
async function writeInto(handle: FileHandle, make: Exclude<OutputText, string>): Promise<void> {
  let failed: { error: unknown } | undefined;
  const write = (piece: string) => {
    if (failed) throw failed.error;
    try {
      const bytes = Buffer.from(piece);
      for (let at = 0; at < bytes.length; ) at += writeSync(handle.fd, bytes, at);
    } catch (error) {
      failed = { error };
      throw error;
    }
  };
  try {
    await make(write);
  } catch (error) {
    if (failed) throw failed.error;
    throw new MakerError(error);
  }
  if (failed) throw failed.error;
}

/** Writes a temporary file beside `target` with `text`, the old file's mode and owner, and renames it over `target`. */
async function replace(io: Io, target: string, text: OutputText, existing: Stats | undefined): Promise<void> {
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  // Removed if a signal ends the process while it exists.
  const release = io.onInterrupt?.(() => rmSync(temporary, { force: true }));
  // Created with no more permission than the old file has, so its content is never more exposed.
  const mode = existing === undefined ? 0o666 : existing.mode & 0o777;
  try {
    const handle = await open(temporary, "wx", mode);
    try {
      if (typeof text === "string") await handle.writeFile(text);
      else await writeInto(handle, text);
      if (existing !== undefined) {
        await handle
          .chown(existing.uid, existing.gid)
          .catch(() => handle.chown(-1, existing.gid).catch(() => {}));
        await handle.chmod(mode); // exact, whatever the umask took off
      }
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    release?.();
  }
}

/** Whether the file is one of the inputs: the same file, by device and inode, whatever path or link names it. */
async function isInput(file: Stats, inputs: readonly (string | undefined)[]): Promise<boolean> {
  for (const input of inputs) {
    if (input === undefined) continue;
    const info = await stat(input).catch(ifMissing(undefined));
    if (info !== undefined && info.dev === file.dev && info.ino === file.ino) return true;
  }
  return false;
}

/** Where a path that does not exist yet leads: a dangling symbolic link is followed to the file it names. */
async function linkTarget(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(ifMissing(undefined));
    if (!info?.isSymbolicLink()) return current;
    // Relative to the link's real folder, as the system resolves it.
    current = resolve(await realpath(dirname(current)), await readlink(current));
  }
  throw new Error("too many levels of symbolic links");
}

function ifMissing<T>(value: T) {
  return (error: NodeJS.ErrnoException): T => {
    if (error.code === "ENOENT") return value;
    throw error;
  };
}
