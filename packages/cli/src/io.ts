import { fsReason } from "./fs-reason.js";

/**
 * Everything the CLI touches outside itself, so tests can run it in-process
 * with strings for stdin and buffers for stdout/stderr.
 */
export interface Io {
  /** Standard input, chunk by chunk as it arrives (a reader may stop early). */
  stdin(): AsyncIterable<Uint8Array>;
  /** Whether stdin is a terminal: a command reading it then says so, rather than wait in silence. */
  readonly stdinIsTTY?: boolean;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Working directory for relative paths and config discovery. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The bundled lint worker, when running from the bundle (in-process runs lint in this thread). */
  readonly workerUrl?: URL;
  /**
   * The most bytes held in memory for one input (`--max-file-size`): a file or
   * stdin read whole, or one line of a streamed dataset. Default: DEFAULT_MAX_FILE_SIZE.
   */
  readonly maxFileSize?: number;
  /**
   * While a temporary file exists: `cleanup` runs if SIGINT, SIGTERM or SIGHUP
   * ends the process before the returned function is called. In-process runs
   * have no signals to watch.
   */
  onInterrupt?(cleanup: () => void): () => void;
}

/** A place to write text; `isTTY` decides colours and progress bars. */
export interface OutputStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** The signals that end a run early, with their numbers (a shell reports 128 + the number). */
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/* v8 ignore start -- the real process's streams and signals: run by process.test.ts and faults.test.ts, in processes coverage does not see */
/**
 * Standard output failed. A reader that closed the pipe (`chatml ... | head`) ends the run
 * quietly, as Unix tools do; anything else (a full disk, an I/O error) is said on stderr and
 * ends it with exit 2, whatever it was doing: a report cut short must not pass for a whole one.
 */
export function outputFailed(error: unknown): never {
  if ((error as NodeJS.ErrnoException | undefined)?.code === "EPIPE") process.exit(0);
  try {
    process.stderr.write(`chatml: cannot write to standard output: ${fsReason(error, "write")}\n`);
  } catch {
    // stderr is gone too: the exit code still says it.
  }
  process.exit(2);
}

/** An Io over the real process. */
export function processIo(workerUrl?: URL): Io {
  return {
    ...(workerUrl !== undefined && { workerUrl }),
    stdin: () => process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    cwd: process.cwd(),
    env: process.env,
    onInterrupt: watchSignals,
  };
}

/**
 * Handlers exist only while there is something to clean up: any other time
 * the signals keep their default action, which ends the process at once,
 * even in the middle of long synchronous work that a handler would wait for.
 */
function watchSignals(cleanup: () => void): () => void {
  const handlers = Object.keys(SIGNALS).map((name) => {
    const signal = name as keyof typeof SIGNALS;
    const handler = () => {
      release();
      cleanup();
      // Die of the signal itself, as without a handler: the parent sees it (a shell's $? is 130,
      // 143 or 129) and a script looping over chatml stops. Removing the last handler restored the default.
      process.kill(process.pid, signal);
      process.exit(128 + SIGNALS[signal]);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const release = () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  return release;
}

function stream(target: NodeJS.WriteStream): OutputStream {
  return {
    write: (text) => {
      // stdout to a file writes synchronously: a full disk throws here, not in an "error" event.
      try {
        target.write(text);
      } catch (error) {
        if (target === process.stdout) outputFailed(error);
      }
    },
    get isTTY() {
      return target.isTTY === true;
    },
  };
}

/* v8 ignore stop */

/** The same Io with `--max-file-size` applied, when given. */
export function withMaxFileSize(io: Io, maxFileSize: number | undefined): Io {
  return maxFileSize === undefined ? io : { ...io, maxFileSize };
}

/** An Io for tests: stdin from a string, output collected. */
export interface MemoryIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export function memoryIo(options: {
  stdin?: string | Uint8Array;
  cwd: string;
  env?: Record<string, string>;
  tty?: boolean;
  /** Stdin is a terminal (stdinIsTTY). */
  stdinTty?: boolean;
}): MemoryIo {
  let out = "";
  let err = "";
  const stdin = options.stdin ?? "";
  const bytes = typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin;
  return {
    stdin: async function* () {
      yield bytes;
    },
    stdinIsTTY: options.stdinTty ?? false,
    stdout: {
      write: (text) => {
        out += text;
      },
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (text) => {
        err += text;
      },
      isTTY: options.tty ?? false,
    },
    cwd: options.cwd,
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}
