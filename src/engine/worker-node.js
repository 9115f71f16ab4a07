// Entry point of a Node worker_thread in the pool: instantiate the shared kernel module, say ready, run the loop.
import { parentPort, workerData } from "node:worker_threads";
import { runWorkerLoop } from "./worker-loop.js";

const { module, memory, job } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
parentPort.postMessage("ready");
runWorkerLoop(instance.exports, memory, job);
