// The thread pool: nth threads (this one is thread 0, plus nth − 1 pool threads) run each parallel kernel on one
// shared memory. A job is written to the control block, GEN is bumped, everyone runs its fixed share, and the
// dispatcher waits until all have reported. Waits spin briefly, then sleep in Atomics.wait.
import { CTL, SPIN_ITERATIONS } from "./control.js";
import { KERNEL_ARGS, PARALLEL_KERNELS, type KernelArgs, type KernelExports, type ParallelKernel } from "./kernels.js";
import type { PoolThread } from "./platform.js";

export class Pool {
  private readonly ctl: Int32Array;
  private readonly args: Float64Array;
  private readonly ids = new Map<ParallelKernel, number>(PARALLEL_KERNELS.map((n, i) => [n, i]));
  private threads: PoolThread[] = [];
  private failure: Error | null = null;
  private closed = false;
  private readonly call: number[] = [];

  /** hangMs: a job that makes no progress for this long means a pool thread is gone (0 = wait forever). */
  constructor(
    private readonly kernels: KernelExports,
    memory: WebAssembly.Memory,
    readonly nth: number,
    readonly hangMs = 60_000,
  ) {
    this.ctl = new Int32Array(memory.buffer, 0, CTL.SIZE_BYTES / 4);
    this.args = new Float64Array(memory.buffer, CTL.ARGS_BYTES, CTL.MAX_ARGS);
    Atomics.store(this.ctl, CTL.HANG_MS, hangMs);
  }

  attach(threads: PoolThread[]): void {
    this.threads = threads;
  }

  /** Called by the platform when a pool thread dies. */
  fail(err: Error): void {
    this.failure ??= err;
  }

  /** Byte offset of the barrier that kernels synchronising inside a job use. */
  get barrier(): number {
    return CTL.BARRIER_BYTES;
  }

  /**
   * Runs a parallel kernel on every thread with the same arguments (tid, nth are appended) and waits for all. args
   * is the kernel's argument tuple (kernels.ts); its length is checked again here for callers that cast.
   */
  run<K extends ParallelKernel>(name: K, args: Readonly<KernelArgs<K>>): void {
    if (this.closed) throw new Error("gyrus engine: used after close()");
    if (this.failure) throw new Error(`gyrus engine: a pool thread failed earlier: ${this.failure.message}`);
    const want = KERNEL_ARGS[name].length;
    if (args.length !== want)
      throw new Error(
        `gyrus engine: ${name} got ${args.length} arguments — expected ${want}: (${KERNEL_ARGS[name].join(", ")})`,
      );
    if (args.length > CTL.MAX_ARGS) throw new Error(`gyrus engine: ${name} has too many arguments`);
    const call = this.call;
    call.length = 0;
    for (const a of args as readonly number[]) call.push(a);
    call.push(0, this.nth);
    const fn = this.kernels[name] as (...args: number[]) => void;
    if (this.nth === 1) {
      fn.apply(null, call);
      return;
    }
    const ctl = this.ctl;
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    Atomics.store(ctl, CTL.FN, this.ids.get(name)!);
    Atomics.store(ctl, CTL.NARGS, args.length);
    Atomics.store(ctl, CTL.DONE, 0);
    Atomics.add(ctl, CTL.GEN, 1);
    Atomics.notify(ctl, CTL.GEN);
    let own: unknown = null;
    try {
      fn.apply(null, call);
    } catch (err) {
      own = err;
    }
    this.awaitWorkers();
    if (own) throw own;
    const bad = Atomics.exchange(ctl, CTL.ERROR, 0);
    if (bad) throw new Error(`gyrus engine: kernel ${name} failed on pool thread ${bad}`);
  }

  /**
   * Waits until every pool thread has reported. A dead thread never reports and cannot be seen from here (its exit
   * event needs this thread's event loop), so no progress for hangMs — or an abort raised by a barrier — fails the
   * pool for good with an error instead of waiting forever.
   */
  private awaitWorkers(): void {
    const ctl = this.ctl,
      want = this.nth - 1;
    let done = Atomics.load(ctl, CTL.DONE);
    for (let s = 0; done < want && s < SPIN_ITERATIONS; s++) done = Atomics.load(ctl, CTL.DONE);
    let idleMs = 0;
    while (done < want) {
      const before = done;
      const r = Atomics.wait(ctl, CTL.DONE, done, 100);
      done = Atomics.load(ctl, CTL.DONE);
      idleMs = done !== before ? 0 : idleMs + (r === "timed-out" ? 100 : 0);
      if (Atomics.load(ctl, CTL.ABORT) !== 0 || (this.hangMs > 0 && idleMs >= this.hangMs)) {
        Atomics.store(ctl, CTL.ABORT, 1);
        Atomics.notify(ctl, CTL.BARRIER_BYTES / 4 + 1);
        const err = new Error(
          `gyrus engine: ${want - done} pool thread(s) stopped responding for ${(this.hangMs / 1000).toFixed(1)} s (a thread died or was killed); the engine cannot continue`,
        );
        this.fail(err);
        throw err;
      }
    }
  }

  /** Ends the pool threads' loops and stops them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.nth > 1 && this.threads.length) {
      Atomics.store(this.ctl, CTL.FN, CTL.QUIT);
      Atomics.add(this.ctl, CTL.GEN, 1);
      Atomics.notify(this.ctl, CTL.GEN);
    }
    await Promise.all(this.threads.map((t) => t.terminate()));
    this.threads = [];
  }
}
