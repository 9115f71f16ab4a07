// An engine: one shared WebAssembly.Memory, the kernel module (portable or relaxed SIMD) instantiated on it by
// every thread of a pool, and an allocator for the memory. Platform-neutral: the host comes in as a Platform.
import { SharedArena } from "./arena.js";
import { CTL, SPIN_ITERATIONS } from "./control.js";
import { PARALLEL_KERNELS, type Build, type KernelExports } from "./kernels.js";
import type { Platform } from "./platform.js";
import { Pool } from "./pool.js";

export interface EngineOptions {
  /** Threads, the calling one included. Default: the number of cores. */
  threads?: number;
  /** "auto" (default) takes relaxed SIMD with fused multiply-add where the runtime has it, else portable. */
  build?: Build | "auto";
  /**
   * A job with no progress for this long (ms) means a pool thread died: the engine fails with an error instead of
   * waiting forever. Default 60000; 0 = wait forever.
   */
  hangTimeoutMs?: number;
}

export interface EngineCore {
  readonly threads: number;
  readonly build: Build;
  readonly memory: WebAssembly.Memory;
  readonly arena: SharedArena;
  readonly pool: Pool;
  /** The calling thread's instance, for serial kernels. */
  readonly kernels: KernelExports;
  close(): Promise<void>;
}

const MAX_PAGES = 32768; // 2 GiB

/** Relaxed SIMD is usable iff the relaxed build validates (after asking the platform to enable it). */
async function chooseBuild(platform: Platform, wanted: Build | "auto"): Promise<{ build: Build; bytes: Uint8Array<ArrayBuffer> }> {
  if (wanted === "portable") return { build: "portable", bytes: await platform.loadWasm("portable") };
  const relaxed = await platform.loadWasm("relaxed");
  if (!WebAssembly.validate(relaxed)) platform.enableRelaxedSimd();
  if (WebAssembly.validate(relaxed)) return { build: "relaxed", bytes: relaxed };
  if (wanted === "relaxed") throw new Error("build: \"relaxed\" — this runtime has no relaxed SIMD; use \"portable\" or \"auto\"");
  return { build: "portable", bytes: await platform.loadWasm("portable") };
}

export async function createEngineOn(platform: Platform, options: EngineOptions = {}): Promise<EngineCore> {
  const threads = options.threads ?? platform.cores();
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new Error(`threads: ${threads} — must be an integer from 1 to 256`);
  }
  const wanted = options.build ?? "auto";
  if (!["auto", "portable", "relaxed"].includes(wanted)) {
    throw new Error(`build: ${JSON.stringify(wanted)} — allowed: "auto", "portable", "relaxed"`);
  }
  if (threads > 1 && !platform.canBlock) {
    throw new Error("threads: this thread may not block (a browser main thread); run the engine in a worker");
  }
  const { build, bytes } = await chooseBuild(platform, wanted);
  const memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared: true });
  const module = await WebAssembly.compile(bytes);
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const arena = new SharedArena(memory, CTL.SIZE_BYTES);
  const hangMs = options.hangTimeoutMs ?? 60_000;
  if (!Number.isInteger(hangMs) || hangMs < 0 || hangMs > 2 ** 31 - 1) {
    throw new Error(`hangTimeoutMs: ${hangMs} — must be an integer ≥ 0 (0 = no limit)`);
  }
  const pool = new Pool(kernels, memory, threads, hangMs);
  const job = { nth: threads, startGen: 0, ctl: { ...CTL }, spin: SPIN_ITERATIONS, kernelNames: PARALLEL_KERNELS };
  const spawned = await Promise.all(
    Array.from({ length: threads - 1 }, (_, i) =>
      platform.spawnThread(module, memory, { ...job, tid: i + 1 }, (err) => pool.fail(err))),
  );
  pool.attach(spawned);
  return {
    threads, build, memory, arena, pool, kernels,
    close: () => pool.close(),
  };
}
