// The browser platform: kernel bytes fetched from the package's build/ (../../../build/ from dist/src/engine/),
// module Web Workers for the pool, and shared memory only where the page is cross-origin isolated. The engine's
// dispatching thread blocks in Atomics.wait, which a page's main thread may not: create a multi-threaded engine
// inside a dedicated worker (the demo's trainer worker); on the main thread only the 1-thread engine is allowed.
import { wasmFileName } from "./kernels.js";
import type { Platform, PoolThread, WorkerJob } from "./platform.js";

interface WorkerScope {
  crossOriginIsolated?: boolean;
  WorkerGlobalScope?: unknown;
  navigator?: { hardwareConcurrency?: number };
}
const scope = globalThis as unknown as WorkerScope;

/**
 * Whether a shared WebAssembly.Memory can exist here and be posted to workers: only in a cross-origin-isolated
 * context (COOP same-origin + COEP require-corp); elsewhere browsers refuse or hide SharedArrayBuffer.
 */
export function sharedMemoryAvailable(): boolean {
  if (scope.crossOriginIsolated !== true || typeof SharedArrayBuffer !== "function") return false;
  try {
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return m.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

export const browserPlatform: Platform = {
  async loadWasm(build, shared) {
    // The package layout: this module is dist/src/engine/, the kernels are build/ at the package root.
    const url = new URL(`../../../build/${wasmFileName(build, shared)}`, import.meta.url);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new Error(`kernel binary ${url}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new Error(`kernel binary ${url}: HTTP ${res.status} ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  enableRelaxedSimd() {
    // A page cannot set V8 flags: relaxed SIMD is there (Chromium ≥ 114) or not, and then "auto" takes portable.
  },
  cores() {
    return Math.max(1, scope.navigator?.hardwareConcurrency ?? 1);
  },
  sharedMemory: sharedMemoryAvailable,
  spawnThread(module: WebAssembly.Module, memory: WebAssembly.Memory, job: WorkerJob, onFailure: (err: Error) => void) {
    return new Promise<PoolThread>((resolve, reject) => {
      const worker = new Worker(new URL("./worker-browser.js", import.meta.url), {
        type: "module",
        name: `gyrus pool thread ${job.tid}`,
      });
      let ready = false;
      worker.onmessage = () => {
        ready = true;
        worker.onmessage = null;
        resolve({ terminate: async () => worker.terminate() });
      };
      worker.onerror = (ev) => {
        ev.preventDefault();
        const err = new Error(`pool thread ${job.tid}: ${ev.message || "failed to load or crashed"}`);
        if (ready) onFailure(err);
        else reject(err);
      };
      worker.postMessage({ module, memory, job });
    });
  },
  // Atomics.wait is allowed in workers, not on a page's main thread.
  canBlock: typeof scope.WorkerGlobalScope !== "undefined",
};
