// Sampling error of accuracies (proportions of correct trials): the Wilson score interval of one proportion and
// Newcombe's hybrid score interval of the difference of two, so the CLI can say whether two accuracies really differ.

/** A closed interval [lo, hi]. */
export interface Interval {
  lo: number;
  hi: number;
}

/** The normal quantile of a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

function checkCount(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`proportion ${k}/${n}: need integers 0 ≤ k ≤ n, n ≥ 1`);
}

/** Wilson's score interval of a proportion k/n (95 % by default): never outside [0, 1], sound for k = 0 or n. */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  checkCount(k, n);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = ((z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) as number;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval (his method 10, 1998) of the difference k1/n1 − k2/n2 of two independent
 * proportions, 95 % by default, built from the two Wilson intervals. It contains 0 when the two accuracies do not
 * differ by more than sampling error.
 */
export function differenceInterval(k1: number, n1: number, k2: number, n2: number, z = Z95): Interval {
  const [p1, p2] = [k1 / n1, k2 / n2];
  const a = wilsonInterval(k1, n1, z);
  const b = wilsonInterval(k2, n2, z);
  const d = p1 - p2;
  return {
    lo: d - Math.sqrt((p1 - a.lo) ** 2 + (b.hi - p2) ** 2),
    hi: d + Math.sqrt((a.hi - p1) ** 2 + (p2 - b.lo) ** 2),
  };
}
