/**
 * @chatmlkit/cli as a library: run the `chatml` command in-process.
 *
 * @example
 * import { memoryIo, runCli } from "@chatmlkit/cli";
 * const io = memoryIo({ cwd: process.cwd(), stdin: '[{"role":"user","content":"Hi"}]' });
 * await runCli(["compile"], io); // 0
 * io.out(); // "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
 */
export { runCli } from "./cli.js";
export { CliError, EXIT, type ExitCode } from "./errors.js";
export { type Io, type MemoryIo, memoryIo, type OutputStream, processIo } from "./io.js";
