// A reusable barrier in shared memory for the threads of one job: word 0 counts arrivals, word 1 is the generation,
// word 2 an abort flag, word 3 the hang limit in ms. Arrivals spin briefly (a barrier costs ~0.1–0.3 µs while every
// thread is on a core), then sleep in atomic.wait so that oversubscribed cores are not burnt by spinning. A thread
// that has waited longer than the hang limit (a pool thread died) raises the abort flag and everyone returns; the
// job's results are then garbage and the pool reports the failure instead of hanging.

const SPIN_LIMIT: i32 = 4000;
const WAIT_NS: i64 = 100_000_000; // 100 ms per sleep

export function barrier_wait(bar: usize, nth: i32): void {
  if (nth <= 1) return;
  const gen = atomic.load<i32>(bar, 4);
  if (atomic.add<i32>(bar, 1) == nth - 1) {
    atomic.store<i32>(bar, 0);
    atomic.add<i32>(bar, 1, 4);
    atomic.notify(bar + 4, nth);
    return;
  }
  let spins = 0;
  let waitedMs = 0;
  while (atomic.load<i32>(bar, 4) == gen) {
    if (atomic.load<i32>(bar, 8) != 0) return;
    if (++spins > SPIN_LIMIT) {
      if (atomic.wait<i32>(bar + 4, gen, WAIT_NS) == AtomicWaitResult.TIMED_OUT) {
        waitedMs += 100;
        const limit = atomic.load<i32>(bar, 12);
        if (limit > 0 && waitedMs >= limit) {
          atomic.store<i32>(bar, 1, 8);
          atomic.notify(bar + 4, nth);
          return;
        }
      }
    }
  }
}
