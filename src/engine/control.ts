// Layout of the control block at the start of shared memory, through which the pool hands jobs to its threads.
// Int32 words: GEN (bumped once per job), FN (kernel id), NARGS, DONE (workers finished), ERROR (a worker failed),
// then a barrier for kernels that synchronise inside a job (count, generation, abort flag, hang limit in ms), then
// the arguments as float64.

export const CTL = {
  GEN: 0,
  FN: 1,
  NARGS: 2,
  DONE: 3,
  ERROR: 4,
  /** byte offset of the in-kernel barrier: i32 words count, generation, ABORT, HANG_MS (see assembly/barrier.ts) */
  BARRIER_BYTES: 32,
  /** i32 index of the abort flag: set when a thread stopped responding; every wait then gives up */
  ABORT: 10,
  /** i32 index of the hang limit in ms (0 = wait forever) */
  HANG_MS: 11,
  /** byte offset of the float64 arguments */
  ARGS_BYTES: 64,
  MAX_ARGS: 32,
  /** bytes reserved for the whole block; the allocator starts after it */
  SIZE_BYTES: 1024,
  /** FN value that tells workers to leave their loop */
  QUIT: -1,
} as const;

/** Iterations a waiting thread spins on the control words before it sleeps in Atomics.wait. */
export const SPIN_ITERATIONS = 20_000;
