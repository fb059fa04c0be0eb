// --tokenizer FILE: an open model's Hugging Face tokenizer.json, read once while it is unchanged (lint's
// workers each read it themselves: a loaded tokenizer cannot be sent to a thread). A file that
// is not JSON, or not a tokenizer.json, is a usage error at its line and column.
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { JsonTokenizer } from "@chatmlkit/validator/count";
import { CliError, usageError } from "../errors.js";
import { parseJson } from "../input/json.js";
import { readFileText } from "../input/read.js";
import type { Io } from "../io.js";

/** Far above any published tokenizer.json (Qwen's is 7 MB, Gemma 3's 33 MB). */
const MAX_TOKENIZER_SIZE = 256 * 1024 * 1024;

/** Tokenizers read, by absolute path, with the file's size and time then and its sha256. */
const loaded = new Map<string, { stamp: string; tokenizer: Promise<JsonTokenizer>; digest?: string }>();

/**
 * The tokenizer file to count with, as a path from `cwd`: `--tokenizer`'s as
 * typed, else the config's `tokenizer`, which is relative to the config's folder.
 */
export function tokenizerFileOf(
  cwd: string,
  flag: string | undefined,
  config: { readonly tokenizer?: string },
  configFile: string | undefined,
): string | undefined {
  if (flag !== undefined) return flag;
  if (config.tokenizer === undefined) return undefined;
  return configFile === undefined
    ? config.tokenizer
    : relative(cwd, resolve(dirname(configFile), config.tokenizer)) || ".";
}

/**
 * The tokenizer `--tokens` counts with: the file `--tokenizer` names (beside
 * `--encoding` a usage error), or none when `--model` or `--encoding` chooses one.
 */
export async function tokensTokenizer(
  io: Pick<Io, "cwd">,
  argv: { model?: string; encoding?: string; tokenizer?: string },
): Promise<JsonTokenizer | undefined> {
  if (argv.tokenizer === undefined) {
    if (argv.model === undefined && argv.encoding === undefined)
      throw usageError("--tokens needs --model, --encoding or --tokenizer");
    return undefined;
  }
  if (argv.encoding !== undefined) throw usageError("--tokenizer replaces --encoding: give one of them");
  return loadTokenizerFile(io.cwd, argv.tokenizer);
}

/**
 * The tokenizer in `file` (`cwd` resolves it). Counts and messages call it
 * `name`, by default `file` as the user named it. Later calls get the same
 * tokenizer while the file's size and modification time stay the same (one
 * process may run the CLI more than once: runCli).
 */
export async function loadTokenizerFile(cwd: string, file: string, name = file): Promise<JsonTokenizer> {
  const path = resolve(cwd, file);
  const stamp = await stat(path).then(
    (s) => `${s.size}:${s.mtimeMs}:${s.ino}`,
    () => "", // readTokenizer says why it cannot be read
  );
  let entry = loaded.get(path);
  if (entry === undefined || entry.stamp !== stamp || stamp === "") {
    const fresh: { stamp: string; tokenizer: Promise<JsonTokenizer>; digest?: string } = {
      stamp,
      tokenizer: readTokenizer(path, name, (digest) => {
        fresh.digest = digest;
      }),
    };
    entry = fresh;
    loaded.set(path, entry);
  }
  return entry.tokenizer;
}

async function readTokenizer(
  path: string,
  name: string,
  digested: (sha256: string) => void,
): Promise<JsonTokenizer> {
  let text: string;
  try {
    text = await readFileText(path, name, MAX_TOKENIZER_SIZE);
  } catch (error) {
    // Without the reader's hints for inputs (no stream or --max-file-size for a tokenizer).
    const why = error instanceof CliError ? error.message : String(error);
    throw usageError(why.replace(/^cannot read /, "cannot read tokenizer ").replace(/; .*$/, ""));
  }
  digested(createHash("sha256").update(text).digest("hex"));
  let value: unknown;
  try {
    // JSON.parse is the fast path for a file of megabytes; positions are read only for an error.
    value = JSON.parse(text);
  } catch {
    throw located(() => parseJson(text, name), name);
  }
  const { tokenizerFromJson, TokenizerJsonError } = await import("@chatmlkit/validator/count");
  try {
    return await tokenizerFromJson(value, {}, { name });
  } catch (error) {
    if (!(error instanceof TokenizerJsonError)) throw error;
    const at = error.path === "$" ? {} : parseJson(text, name).locate(error.path);
    throw usageError(`${error.message} (--tokenizer)`, { file: name, ...at });
  }
}

/** The sha256 of the tokenizer file's text, once `loadTokenizerFile` has read it. */
export async function tokenizerDigest(cwd: string, file: string): Promise<string> {
  await loadTokenizerFile(cwd, file);
  return loaded.get(resolve(cwd, file))?.digest as string;
}

/** The usage error for JSON the reader refuses, at its line and column. */
function located(read: () => unknown, name: string): CliError {
  try {
    read();
  } catch (error) {
    if (error instanceof CliError) return usageError(`${error.message} (--tokenizer)`, error.location);
    throw error;
  }
  // JSON.parse refused what the reader accepts (only a lone surrogate's escape): said without a place.
  return usageError("not valid JSON (--tokenizer)", { file: name });
}
