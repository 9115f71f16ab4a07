// The loop every pool thread except the dispatcher runs: wait for a job, run this thread's share, report, repeat.
// Plain JavaScript on purpose: a Node worker_thread or a browser Web Worker loads it as it is, with no build step.
// The control-block layout (control.ts) and the kernel id table (kernels.ts) arrive as arguments, so they are
// defined in one place only.

/**
 * @param {Record<string, Function>} kernels  the instance's exports
 * @param {WebAssembly.Memory} memory          the shared memory
 * @param {{ tid: number, nth: number, startGen: number, ctl: Record<string, number>, spin: number, kernelNames: string[] }} job
 */
export function runWorkerLoop(kernels, memory, job) {
  const { tid, nth, ctl: L, spin, kernelNames } = job;
  const ctl = new Int32Array(memory.buffer, 0, L.SIZE_BYTES / 4);
  const args = new Float64Array(memory.buffer, L.ARGS_BYTES, L.MAX_ARGS);
  const fns = kernelNames.map((name) => kernels[name]);
  const call = [];
  let seen = job.startGen;
  for (;;) {
    let gen = Atomics.load(ctl, L.GEN);
    for (let s = 0; gen === seen && s < spin; s++) gen = Atomics.load(ctl, L.GEN);
    while (gen === seen) {
      Atomics.wait(ctl, L.GEN, seen);
      gen = Atomics.load(ctl, L.GEN);
    }
    seen = gen;
    const fn = Atomics.load(ctl, L.FN);
    if (fn === L.QUIT) return;
    const nargs = Atomics.load(ctl, L.NARGS);
    call.length = 0;
    for (let i = 0; i < nargs; i++) call.push(args[i]);
    call.push(tid, nth);
    try {
      fns[fn].apply(null, call);
    } catch (err) {
      Atomics.store(ctl, L.ERROR, tid);
      console.error(`gyrus worker ${tid}: ${kernelNames[fn]} failed: ${err && err.message}`);
    }
    Atomics.add(ctl, L.DONE, 1);
    Atomics.notify(ctl, L.DONE);
  }
}
