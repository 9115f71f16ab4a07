// Entry point of a browser pool thread (a module Web Worker): receive the kernel module, the shared memory and the
// job layout, instantiate, say ready, run the loop (worker-loop.js, the same loop as Node's worker_threads).
import { runWorkerLoop } from "./worker-loop.js";

self.onmessage = (event) => {
  self.onmessage = null;
  const { module, memory, job } = event.data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  self.postMessage("ready");
  runWorkerLoop(instance.exports, memory, job);
};
