// `npm run demo`: a small static server for docs/demo on 127.0.0.1. By default it sends the two headers that make
// the page cross-origin isolated (COOP same-origin, COEP require-corp), so the engine gets shared memory and a
// pool of Web Workers; --no-isolation leaves them out, and the page runs the single-thread fallback. GET and HEAD
// only, correct MIME types (application/wasm for the kernels), and nothing outside the served folder.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { intOption, parseArgs, UsageError } from "./args.js";
import { buildDemo, demoRoot } from "./demo-build.js";

export const MIME: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".safetensors": "application/octet-stream",
};

export interface DemoServerOptions {
  /** The folder served (default docs/demo). */
  root?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port (default 8123). */
  port?: number;
  /** Send COOP/COEP so the page is cross-origin isolated (default true). */
  isolated?: boolean;
}

export interface DemoServer {
  server: Server;
  /** http://host:port/ */
  url: string;
  close(): Promise<void>;
}

/** The headers every response carries: isolation (if on), no caching (the page is rebuilt often), no sniffing. */
export function commonHeaders(isolated: boolean): Record<string, string> {
  const h: Record<string, string> = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (isolated) {
    h["Cross-Origin-Opener-Policy"] = "same-origin";
    h["Cross-Origin-Embedder-Policy"] = "require-corp";
    h["Cross-Origin-Resource-Policy"] = "same-origin";
  }
  return h;
}

/**
 * The file a URL path names inside root, or null if it is malformed or leaves root (.., encoded slashes, NUL,
 * symlinks pointing out). "/" and folders map to their index.html.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch {
    return null;
  }
  if (!decoded.startsWith("/") || decoded.includes("\0") || decoded.includes("\\")) return null;
  if (decoded.split("/").some((part) => part === "..")) return null;
  const realRoot = await realpath(root);
  let file = path.join(realRoot, decoded);
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    file = await realpath(file);
  } catch {
    return null;
  }
  if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return null;
  return file;
}

async function handle(req: IncomingMessage, res: ServerResponse, root: string, isolated: boolean): Promise<void> {
  const headers = commonHeaders(isolated);
  const send = (status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...headers, "Content-Type": "text/plain; charset=utf-8", ...extra });
    res.end(req.method === "HEAD" ? undefined : text);
  };
  if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n", { Allow: "GET, HEAD" });
  const file = await resolveInside(root, req.url ?? "/");
  if (!file) return send(404, "not found\n");
  const info = await stat(file);
  if (!info.isFile()) return send(404, "not found\n");
  const type = MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  res.writeHead(200, { ...headers, "Content-Type": type, "Content-Length": String(info.size) });
  if (req.method === "HEAD") return void res.end();
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
}

export async function startDemoServer(o: DemoServerOptions = {}): Promise<DemoServer> {
  const root = o.root ?? demoRoot();
  const host = o.host ?? "127.0.0.1";
  const isolated = o.isolated ?? true;
  const server = createServer((req, res) => {
    handle(req, res, root, isolated).catch(() => {
      if (!res.headersSent) res.writeHead(500, commonHeaders(isolated));
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8123, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : o.port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const USAGE = `usage: npm run demo -- [--port N] [--host H] [--no-isolation] [--no-build]
  serves docs/demo (the browser demo) with COOP/COEP headers (shared memory, Web Worker pool)

options:
  --port N        the port, 0 = any free one (default 8123)
  --host H        the address to listen on (default 127.0.0.1)
  --no-isolation  serve without COOP/COEP (the page then runs the single-thread fallback)
  --no-build      serve docs/demo as it is, without rebuilding it first`;

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv, { values: ["port", "host"], flags: ["no-isolation", "no-build", "help"] });
  if (args.flags.has("help")) return console.log(USAGE);
  const port = intOption(args.values, "port", 8123, 0, 65535);
  if (!args.flags.has("no-build")) buildDemo();
  const isolated = !args.flags.has("no-isolation");
  const s = await startDemoServer({ port, host: args.values.host, isolated });
  console.log(
    `gyrus demo: ${s.url}  (${isolated ? "cross-origin isolated: shared memory, Web Worker pool" : "not isolated: single-thread fallback"}; Ctrl-C to stop)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err) => {
    // a usage error: one line and where the usage is (exit 2); anything else failed (exit 1)
    console.error(`gyrus demo: ${(err as Error).message}`);
    if (err instanceof UsageError) console.error("run npm run demo -- --help for its options");
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
