// The demo's static server: isolation headers on (and off), MIME types the browser insists on (application/wasm,
// text/javascript), folders → index.html, GET/HEAD only, and no way out of the served folder.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveInside, startDemoServer, type DemoServer } from "../../src/cli/demo-server.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (no URL normalisation of "..", unlike fetch). */
function get(server: DemoServer, rawPath: string, method = "GET"): Promise<Reply> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("demo server", () => {
  const base = mkdtempSync(path.join(tmpdir(), "gyrus-demo-server-"));
  const root = path.join(base, "site");
  let isolated: DemoServer, open: DemoServer;

  beforeAll(async () => {
    mkdirSync(path.join(root, "app", "build"), { recursive: true });
    writeFileSync(path.join(root, "index.html"), "<!doctype html><title>demo</title>");
    writeFileSync(path.join(root, "app", "main.js"), "export {};");
    writeFileSync(path.join(root, "app", "build", "k.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    writeFileSync(path.join(root, "style.css"), "body{}");
    writeFileSync(path.join(base, "secret.txt"), "SECRET");
    symlinkSync(path.join(base, "secret.txt"), path.join(root, "link.txt"));
    isolated = await startDemoServer({ root, port: 0, isolated: true });
    open = await startDemoServer({ root, port: 0, isolated: false });
  });
  afterAll(async () => {
    await isolated?.close();
    await open?.close();
  });

  it("listens on 127.0.0.1 and serves / as index.html", async () => {
    expect(isolated.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(isolated, "/");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.body).toContain("<title>demo</title>");
  });

  it("sends COOP/COEP when isolated, and not otherwise", async () => {
    const a = await get(isolated, "/app/main.js"),
      b = await get(open, "/app/main.js");
    expect(a.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(a.headers["cross-origin-embedder-policy"]).toBe("require-corp");
    expect(b.status).toBe(200);
    expect(b.headers["cross-origin-opener-policy"]).toBeUndefined();
    expect(b.headers["cross-origin-embedder-policy"]).toBeUndefined();
    // error pages carry them too (a COEP page must be able to load its own 404s without a block)
    expect((await get(isolated, "/nope.js")).headers["cross-origin-embedder-policy"]).toBe("require-corp");
  });

  it("uses the MIME types browsers require", async () => {
    expect((await get(isolated, "/app/main.js")).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await get(isolated, "/app/build/k.wasm")).headers["content-type"]).toBe("application/wasm");
    expect((await get(isolated, "/style.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("answers HEAD without a body, refuses other methods, 404s what is not there", async () => {
    const h = await get(isolated, "/app/main.js", "HEAD");
    expect(h.status).toBe(200);
    expect(h.headers["content-length"]).toBe("10");
    expect(h.body).toBe("");
    const p = await get(isolated, "/index.html", "POST");
    expect(p.status).toBe(405);
    expect(p.headers.allow).toBe("GET, HEAD");
    expect((await get(isolated, "/missing.html")).status).toBe(404);
    expect((await get(isolated, "/app/main.js?v=1")).status).toBe(200);
  });

  it("never serves anything outside the folder", async () => {
    for (const p of [
      "/../secret.txt",
      "/app/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/app/..%5c..%5csecret.txt",
      "/link.txt",
      "/%00",
      "/%E0%A4%A",
    ]) {
      const r = await get(isolated, p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain("SECRET");
    }
    expect(await resolveInside(root, "/../secret.txt")).toBeNull();
    expect(await resolveInside(root, "/app/main.js")).toBe(path.join(root, "app", "main.js"));
  });
});
