// The only things the engine needs from its host, as an interface: Node implements it in platform-node.ts, browsers
// in platform-browser.ts (Web Workers, fetch). Nothing else in src/engine touches Node or browser APIs.
import type { Build } from "./kernels.js";

export interface WorkerJob {
  tid: number;
  nth: number;
  startGen: number;
  ctl: Record<string, number>;
  spin: number;
  kernelNames: readonly string[];
}

export interface PoolThread {
  /** Stop the thread (it has normally left its loop already). */
  terminate(): Promise<void>;
}

export interface Platform {
  /**
   * The compiled bytes of one build of the kernel module: for a shared memory (`shared`, the pool's) or an unshared
   * one (the single-thread fallback). Both are the same code; only the memory import's shared flag differs.
   */
  loadWasm(build: Build, shared: boolean): Promise<Uint8Array<ArrayBuffer>>;
  /** Make relaxed SIMD available where the runtime keeps it behind a flag (Node 20); must run before compiling. */
  enableRelaxedSimd(): void;
  /** Number of logical cores. */
  cores(): number;
  /**
   * True where a shared WebAssembly.Memory can be created and handed to other threads (Node: always; a browser:
   * only a cross-origin-isolated page). Without it the engine runs on one thread with an unshared memory.
   */
  sharedMemory(): boolean;
  /**
   * Start a pool thread that instantiates `module` on `memory` and runs runWorkerLoop(…, job) (worker-loop.js).
   * Resolves once the thread has instantiated and is about to wait for jobs. `onFailure` is called if it dies.
   */
  spawnThread(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    job: WorkerJob,
    onFailure: (err: Error) => void,
  ): Promise<PoolThread>;
  /** True where the calling (dispatching) thread may block in Atomics.wait (Node: yes; a browser main thread: no). */
  canBlock: boolean;
}
