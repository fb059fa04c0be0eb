/**
 * Everything the CLI touches outside itself, so tests can run it in-process
 * with strings for stdin and buffers for stdout/stderr.
 */
export interface Io {
  /** Reads all of standard input. */
  readStdin(): Promise<Uint8Array>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Working directory for relative paths and config discovery. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The bundled lint worker, when running from the bundle (in-process runs lint in this thread). */
  readonly workerUrl?: URL;
}

/** A place to write text; `isTTY` decides colours and progress bars. */
export interface OutputStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** An Io over the real process. */
export function processIo(workerUrl?: URL): Io {
  return {
    ...(workerUrl !== undefined && { workerUrl }),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    stdout: stream(process.stdout),
    stderr: stream(process.stderr),
    cwd: process.cwd(),
    env: process.env,
  };
}

function stream(target: NodeJS.WriteStream): OutputStream {
  return {
    write: (text) => {
      target.write(text);
    },
    get isTTY() {
      return target.isTTY === true;
    },
  };
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
}): MemoryIo {
  let out = "";
  let err = "";
  const stdin = options.stdin ?? "";
  return {
    readStdin: async () => (typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin),
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
