// A reusable barrier in shared memory for the threads of one job: word 0 counts arrivals, word 1 is the generation.
// Arrivals spin briefly (a barrier costs ~0.1–0.3 µs while every thread is on a core), then sleep in atomic.wait so
// that oversubscribed cores are not burnt by spinning.

const SPIN_LIMIT: i32 = 4000;

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
  while (atomic.load<i32>(bar, 4) == gen) {
    if (++spins > SPIN_LIMIT) atomic.wait<i32>(bar + 4, gen, -1);
  }
}
