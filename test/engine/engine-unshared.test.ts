// The single-thread fallback for hosts without shared memory (a browser page that is not cross-origin isolated):
// an unshared memory with the *-unshared kernel builds, chosen by the engine; the same bits as the shared pool.
import { describe, expect, it } from "vitest";
import { withApi } from "../../src/engine/api.js";
import { createEngineOn } from "../../src/engine/engine.js";
import { wasmFileName } from "../../src/engine/kernels.js";
import { nodePlatform } from "../../src/engine/platform-node.js";
import type { Platform } from "../../src/engine/platform.js";
import { createEngine } from "../../src/index.js";
import { trainedModelBytes } from "../../src/demo/bits.js";
import { resolveCliConfig as resolveConfig } from "../../src/cli/config-flags.js";

/** Node, but pretending it cannot share memory (like a page without COOP/COEP); records which files it loaded. */
function unsharedHost(): Platform & { loaded: string[] } {
  const loaded: string[] = [];
  return {
    ...nodePlatform,
    sharedMemory: () => false,
    loadWasm: (build, shared) => (loaded.push(wasmFileName(build, shared)), nodePlatform.loadWasm(build, shared)),
    loaded,
  };
}

const config = resolveConfig({
  preset: "quick",
  flags: { tasks: "go,dms,dm1", grid: "8x8", seed: "7", lambda: "2e-4" },
});
const swapEveryStep = { ...config, swap: { ...config.swap, every: 1 } };

describe("engine without shared memory", () => {
  it("a host without shared memory gets one thread on an unshared memory and the unshared kernels", async () => {
    const host = unsharedHost();
    const engine = await createEngineOn(host, { build: "portable" });
    try {
      expect(engine.threads).toBe(1);
      expect(engine.shared).toBe(false);
      expect(engine.memory.buffer instanceof SharedArrayBuffer).toBe(false);
      expect(host.loaded).toEqual(["gyrus-portable-unshared.wasm"]);
    } finally {
      await engine.close();
    }
  });

  it("refuses more threads, or shared memory, where there is none; rejects unknown memory modes", async () => {
    await expect(createEngineOn(unsharedHost(), { threads: 2 })).rejects.toThrow(/^threads: 2 — without shared memory/);
    await expect(createEngineOn(unsharedHost(), { memory: "shared" })).rejects.toThrow(
      /^memory: "shared" — this host cannot share memory/,
    );
    await expect(createEngine({ memory: "unshared", threads: 2 })).rejects.toThrow(/^threads: 2/);
    await expect(createEngine({ memory: "both" as never })).rejects.toThrow(
      /^memory: "both" — allowed: "auto", "shared", "unshared"/,
    );
  });

  it("Node shares by default", async () => {
    const engine = await createEngine({ threads: 2, build: "portable" });
    try {
      expect(engine.shared).toBe(true);
      expect(engine.memory.buffer instanceof SharedArrayBuffer).toBe(true);
    } finally {
      await engine.close();
    }
  });

  for (const build of ["portable", "relaxed"] as const) {
    it(`${build}: training steps with swap rounds give the same bits unshared (1 thread) as shared on 1 and 2 threads, across memory growth`, async () => {
      const results: Buffer[] = [];
      for (const opts of [{ memory: "unshared" as const }, { threads: 1 }, { threads: 2 }]) {
        const engine = withApi(await createEngineOn(nodePlatform, { build, ...opts }));
        try {
          results.push(Buffer.from(trainedModelBytes(engine, swapEveryStep, 3)));
          // the window buffers outgrew the initial 2 MiB: growth detached the unshared buffer and views were remade
          expect(engine.memory.buffer.byteLength).toBeGreaterThan(32 * 65536);
        } finally {
          await engine.close();
        }
      }
      expect(results[0].equals(results[1])).toBe(true);
      expect(results[0].equals(results[2])).toBe(true);
    });
  }
});
