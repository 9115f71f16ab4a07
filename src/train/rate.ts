// The recent training rate for progress displays: steps per second over a sliding window of the latest steps, the
// session's first step (start-up: compilation, worker spin-up, first allocations) left out, and an ETA only once
// enough steps and seconds have passed for it to mean something.
/** Steps in the window the rate is measured over. */
export const RATE_WINDOW = 200;
/** An ETA is shown only after this many steps of the session … */
export const ETA_MIN_STEPS = 20;
/** … and this many seconds. */
export const ETA_MIN_SECONDS = 2;

/** Steps per second over the latest RATE_WINDOW steps of a session; start-up excluded. */
export class RecentRate {
  private readonly steps = new Float64Array(RATE_WINDOW + 1);
  private readonly times = new Float64Array(RATE_WINDOW + 1);
  private count = 0;
  private first = -1;
  private firstTime = 0;

  /** Records that `step` finished at `ms` (performance.now()); the session's first step only marks the start. */
  add(step: number, ms: number): void {
    if (this.first < 0) {
      this.first = step;
      this.firstTime = ms;
    }
    const i = this.count % this.steps.length;
    this.steps[i] = step;
    this.times[i] = ms;
    this.count++;
  }

  /** Steps per second over the window, or null before two steps were recorded. */
  perSecond(): number | null {
    if (this.count < 2) return null;
    const n = this.steps.length;
    const newest = (this.count - 1) % n;
    const oldest = this.count > n ? this.count % n : 0;
    const dt = (this.times[newest] - this.times[oldest]) / 1000;
    return dt > 0 ? (this.steps[newest] - this.steps[oldest]) / dt : null;
  }

  /** Seconds left to reach `total`, once ETA_MIN_STEPS steps and ETA_MIN_SECONDS seconds of this session have passed; else null. */
  eta(total: number): number | null {
    if (this.count === 0) return null;
    const newest = (this.count - 1) % this.steps.length;
    const steps = this.steps[newest] - this.first;
    const seconds = (this.times[newest] - this.firstTime) / 1000;
    const rate = this.perSecond();
    if (steps < ETA_MIN_STEPS || seconds < ETA_MIN_SECONDS || rate === null || rate <= 0) return null;
    return (total - this.steps[newest]) / rate;
  }
}
