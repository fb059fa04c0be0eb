// `chatml playground`: the playground's built files, served on localhost by node:http. The page
// is static and fetches nothing but its own files (and the input, when it is too long for a URL).
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, type ExitCode, usageError } from "../errors.js";
import { readSource } from "../input/read.js";
import type { Io } from "../io.js";

/**
 * Where the built page is: beside the bundle's chunks in the published package
 * (dist/chunks/ -> dist/playground/, copied there by build.mjs), or the
 * playground package's own build when running from the sources in a clone.
 */
const PLACES = [
  new URL("../playground/", import.meta.url),
  new URL("../../../playground/dist/", import.meta.url),
];

/** An input longer than this (URL-encoded) is served at /input instead of riding in the URL. */
const MAX_URL_TEXT = 32 * 1024;

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

export interface ServeOptions {
  readonly file?: string | undefined;
  readonly port: number;
  readonly host: string;
}

/** Serves the page until the process is stopped (Ctrl-C); prints its URL on stdout. */
export async function servePlayground(io: Io, options: ServeOptions): Promise<ExitCode> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw usageError(`--port must be a whole number from 0 to 65535, got ${options.port}`);
  }
  const root = PLACES.map((url) => fileURLToPath(url)).find((dir) => existsSync(join(dir, "index.html")));
  if (root === undefined) {
    throw usageError(
      "the playground is not built: in a clone of chatmlkit, run `pnpm run build` first (packages/playground)",
    );
  }
  const input = options.file === undefined ? undefined : (await readSource(io, options.file)).text;
  const server = createServer((request, response) => {
    respond(root, input, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const port = await listen(server, options.port, options.host);
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
  const url =
    input === undefined
      ? origin
      : encodeURIComponent(input).length <= MAX_URL_TEXT
        ? `${origin}#text=${encodeURIComponent(input)}`
        : `${origin}#load=input`;
  io.stdout.write(`${url}\n`);
  io.stderr.write(
    `chatml playground: serving ${root} at ${origin}${options.file === undefined ? "" : ` on ${options.file}`}; open the URL above; Ctrl-C stops it\n`,
  );
  await new Promise<void>((resolve) => server.on("close", resolve));
  return EXIT.ok;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? usageError(`port ${port} is in use: choose another with --port (0 picks a free one)`)
          : usageError(`cannot listen on ${host}:${port}: ${error.message}`),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function respond(
  root: string,
  input: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  const common = { "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" };
  const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
  if (path === "/input" && input !== undefined) {
    response.writeHead(200, { ...common, "Content-Type": "text/plain; charset=utf-8" });
    response.end(request.method === "HEAD" ? undefined : input);
    return;
  }
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  const inside = file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
  const info = inside ? await stat(file).catch(() => undefined) : undefined;
  if (info === undefined || !info.isFile()) {
    response.writeHead(404, { ...common, "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  const body = await readFile(file);
  response.writeHead(200, {
    ...common,
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Length": body.length,
  });
  response.end(request.method === "HEAD" ? undefined : body);
}
