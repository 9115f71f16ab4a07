// An engine: one shared WebAssembly.Memory, the kernel module (portable or relaxed SIMD) instantiated on it by
// every thread of a pool, and an allocator for the memory. Platform-neutral: the host comes in as a Platform.
// Where the host has no shared memory (a browser page that is not cross-origin isolated) the engine falls back to
// one thread on an unshared memory with the *-unshared build: the same kernels, so the same bits.
import { SharedArena } from "./arena.js";
import { CTL, SPIN_ITERATIONS } from "./control.js";
import { PARALLEL_KERNELS, type Build, type KernelExports } from "./kernels.js";
import type { Platform } from "./platform.js";
import { Pool } from "./pool.js";

/** Options of createEngine(): threads, kernel build, memory. */
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
  /**
   * "auto" (default): a shared memory where the host allows it, else the single-thread fallback on an unshared
   * memory. "shared" fails where the host cannot share; "unshared" forces the fallback (one thread).
   */
  memory?: "auto" | "shared" | "unshared";
}

export interface EngineCore {
  readonly threads: number;
  readonly build: Build;
  /** True if the memory is shared (a pool of threads is possible); false in the single-thread fallback. */
  readonly shared: boolean;
  readonly memory: WebAssembly.Memory;
  readonly arena: SharedArena;
  readonly pool: Pool;
  /** The calling thread's instance, for serial kernels. */
  readonly kernels: KernelExports;
  close(): Promise<void>;
}

const MAX_PAGES = 32768; // 2 GiB

/** Relaxed SIMD is usable iff the relaxed build validates (after asking the platform to enable it). */
async function chooseBuild(
  platform: Platform,
  wanted: Build | "auto",
  shared: boolean,
): Promise<{ build: Build; bytes: Uint8Array<ArrayBuffer> }> {
  if (wanted === "portable") return { build: "portable", bytes: await platform.loadWasm("portable", shared) };
  const relaxed = await platform.loadWasm("relaxed", shared);
  if (!WebAssembly.validate(relaxed)) platform.enableRelaxedSimd();
  if (WebAssembly.validate(relaxed)) return { build: "relaxed", bytes: relaxed };
  if (wanted === "relaxed")
    throw new Error('build: "relaxed" — this runtime has no relaxed SIMD; use "portable" or "auto"');
  return { build: "portable", bytes: await platform.loadWasm("portable", shared) };
}

/** Shared memory or the fallback, from the option and what the host allows. */
function chooseSharing(platform: Platform, wanted: unknown): boolean {
  if (!["auto", "shared", "unshared"].includes(wanted as string)) {
    throw new Error(`memory: ${JSON.stringify(wanted)} — allowed: "auto", "shared", "unshared"`);
  }
  if (wanted === "unshared") return false;
  const can = platform.sharedMemory();
  if (wanted === "shared" && !can) {
    throw new Error(
      `memory: "shared" — this host cannot share memory between threads (in a browser: the page is not cross-origin isolated); use "auto" or "unshared"`,
    );
  }
  return can;
}

export async function createEngineOn(platform: Platform, options: EngineOptions = {}): Promise<EngineCore> {
  const shared = chooseSharing(platform, options.memory ?? "auto");
  const threads = options.threads ?? (shared ? platform.cores() : 1);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new Error(`threads: ${threads} — must be an integer from 1 to 256`);
  }
  if (threads > 1 && !shared) {
    throw new Error(
      `threads: ${threads} — without shared memory (the single-thread fallback) the engine runs on 1 thread only`,
    );
  }
  const wanted = options.build ?? "auto";
  if (!["auto", "portable", "relaxed"].includes(wanted)) {
    throw new Error(`build: ${JSON.stringify(wanted)} — allowed: "auto", "portable", "relaxed"`);
  }
  if (threads > 1 && !platform.canBlock) {
    throw new Error("threads: this thread may not block (a browser main thread); run the engine in a worker");
  }
  const { build, bytes } = await chooseBuild(platform, wanted, shared);
  const memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared });
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
      platform.spawnThread(module, memory, { ...job, tid: i + 1 }, (err) => pool.fail(err)),
    ),
  );
  pool.attach(spawned);
  return {
    threads,
    build,
    shared,
    memory,
    arena,
    pool,
    kernels,
    close: () => pool.close(),
  };
}
