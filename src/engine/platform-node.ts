// The Node.js platform: kernel bytes from the package's build/ folder, V8's relaxed-SIMD flag, worker_threads.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { wasmFileName, type Build } from "./kernels.js";
import type { Platform, PoolThread, WorkerJob } from "./platform.js";

/** build/ is two levels above src/engine and three above dist/src/engine. */
function wasmPath(build: Build, shared: boolean): URL {
  const name = wasmFileName(build, shared);
  for (const rel of ["../../build/", "../../../build/"]) {
    const url = new URL(rel + name, import.meta.url);
    if (existsSync(url)) return url;
  }
  throw new Error(`kernel binary ${name} not found in build/: run \`npm run build:wasm\` (npm install does it)`);
}

export const nodePlatform: Platform = {
  async loadWasm(build, shared) {
    return new Uint8Array(await readFile(wasmPath(build, shared)));
  },
  enableRelaxedSimd() {
    // NODE_OPTIONS refuses this flag, but V8 accepts it at run time as long as no module has been compiled with it.
    setFlagsFromString("--experimental-wasm-relaxed-simd");
  },
  cores() {
    return availableParallelism();
  },
  sharedMemory() {
    return true;
  },
  spawnThread(module: WebAssembly.Module, memory: WebAssembly.Memory, job: WorkerJob, onFailure: (err: Error) => void) {
    return new Promise<PoolThread>((resolve, reject) => {
      const worker = new Worker(new URL("./worker-node.js", import.meta.url), { workerData: { module, memory, job } });
      let ready = false;
      worker.once("message", () => {
        ready = true;
        worker.unref(); // an idle pool must not keep the process alive
        resolve({ terminate: async () => void (await worker.terminate()) });
      });
      worker.on("error", (err) => (ready ? onFailure(err) : reject(err)));
      worker.on("exit", (code) => {
        if (!ready) reject(new Error(`pool thread ${job.tid} exited with code ${code} before it was ready`));
        else if (code !== 0) onFailure(new Error(`pool thread ${job.tid} exited with code ${code}`));
      });
    });
  },
  canBlock: true,
};
