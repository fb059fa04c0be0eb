// Why a file could not be read or written, in words: the same for every command, and without
// the paths of temporary files that Node's messages carry (`open '/x/.out.123.tmp'`).

/** The reasons by error code; a write's ENOENT is a missing folder, a read's a missing file. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of its path is not a folder",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  EFBIG: "the file is too large for the file system",
  EIO: "an input/output error",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EBADF: "it is closed",
};

/** Why `error` kept a file from being read (`read`) or written (`write`). */
export function fsReason(error: unknown, doing: "read" | "write"): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return doing === "read" ? "no such file" : "its folder does not exist";
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason !== undefined) return reason;
  return error instanceof Error ? error.message : String(error);
}
