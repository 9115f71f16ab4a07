// Are functional clusters anatomical? (docs/spec.md §5.3–§5.5, §6.14): the fraction of isolated important neurons, the
// spatial spread of each cluster, and both against shuffles of the cluster labels among the occupied cells.
import { Rng, STREAMS } from "../tasks/rng.js";
import { neighboursOf, type Positions } from "../model/geometry.js";

/**
 * A metric of a labelling of the cells (label ≥ 0 = the neuron's cluster, −1 = unimportant). shuffleBaseline has
 * allocation-free fast paths for isolatedFraction and clusterSpread; any other metric is called once per shuffle.
 */
export type Metric = (labels: Int32Array, g: Positions) => number;

function checkSize(labels: Int32Array, g: Positions, who: string): void {
  if (labels.length !== g.n) throw new Error(`${who}: ${labels.length} labels for ${g.n} cells`);
}

/**
 * #isolated / #important: an important cell is isolated if no neighbour (g's neighbourhood: the 8-neighbourhood on a
 * grid, i ± 1 on a line, docs/geometry.md for points) has its label (−1 = unimportant).
 */
export function isolatedFraction(labels: Int32Array, g: Positions): number {
  checkSize(labels, g, "isolatedFraction");
  let important = 0;
  let isolated = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    important++;
    if (!neighboursOf(g, i).some((j) => labels[j] === labels[i])) isolated++;
  }
  return important ? isolated / important : 0;
}

/**
 * Mean over clusters of the sum over dimensions of the variance of its members' lattice coordinates: var(row) +
 * var(col) in grid units on a grid, the variance of indices on a line, of the coordinates for points.
 */
export function clusterSpread(labels: Int32Array, g: Positions): number {
  checkSize(labels, g, "clusterSpread");
  const d = g.d;
  const acc = new Map<number, { n: number; s: Float64Array; q: Float64Array }>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    const a = acc.get(labels[i]) ?? { n: 0, s: new Float64Array(d), q: new Float64Array(d) };
    a.n++;
    for (let k = 0; k < d; k++) {
      const x = g.lattice[i * d + k];
      ((a.s[k] += x), (a.q[k] += x * x));
    }
    acc.set(labels[i], a);
  }
  if (acc.size === 0) return 0;
  let s = 0;
  for (const a of acc.values()) {
    // summed left to right as var(row) + var(col) always was: ((q0/n − m0²) + q1/n) − m1², so the bits are the same
    let t = 0;
    for (let k = 0; k < d; k++) t = t + a.q[k] / a.n - (a.s[k] / a.n) ** 2;
    s += t;
  }
  return s / acc.size;
}

/** An observed metric against its label-shuffle distribution: mean, s.d., z, p and a histogram. */
export interface Baseline {
  observed: number;
  mean: number;
  std: number;
  z: number;
  /** (1 + #{shuffled ≤ observed}) / (1 + shuffles). */
  p: number;
  histogram: { min: number; max: number; counts: number[] };
  shuffles: number;
}

/** The shuffles test something only when they differ. With every shuffle equal to the observed value (a collapsed
 *  network: one cluster, or no important neurons) z is 0 and p is 1 by construction and say nothing, so reports
 *  show "no test" instead of them. */
export const testable = (b: Baseline): boolean => b.std > 0;

/** What the tables say in place of shuffle mean, s.d., z and p for an untestable metric. */
export const NO_TEST = "every shuffle gives the same value: no test";

/**
 * The metric for the trained labelling and for `shuffles` random permutations of the labels among the important
 * cells (the occupied cells stay fixed: docs/spec.md §5.5's reading). Fast paths for the two metrics above: neighbour lists
 * and positions of the important cells are precomputed, and nothing is allocated inside the loop.
 */
export function shuffleBaseline(
  labels: Int32Array,
  g: Positions,
  metric: Metric,
  o: { shuffles?: number; seed: number; bins?: number },
): Baseline {
  checkSize(labels, g, "shuffleBaseline");
  const shuffles = o.shuffles ?? 10_000;
  const cells: number[] = [];
  labels.forEach((l, i) => l >= 0 && cells.push(i));
  const m = cells.length;
  const lab = Int32Array.from(cells.map((c) => labels[c]));
  const k = lab.length ? Math.max(...lab) + 1 : 0;
  const index = new Map(cells.map((c, j) => [c, j]));
  let evaluate: (l: Int32Array) => number;
  if (metric === isolatedFraction) {
    const nb = cells.map((c) =>
      Int32Array.from(
        Array.from(neighboursOf(g, c))
          .filter((x) => index.has(x))
          .map((x) => index.get(x)!),
      ),
    );
    evaluate = (l) => {
      let iso = 0;
      for (let j = 0; j < m; j++) {
        const list = nb[j];
        let alone = 1;
        for (let q = 0; q < list.length; q++)
          if (l[list[q]] === l[j]) {
            alone = 0;
            break;
          }
        iso += alone;
      }
      return m ? iso / m : 0;
    };
  } else if (metric === clusterSpread) {
    const d = g.d;
    const pos = cells.map((c) => g.lattice.slice(c * d, c * d + d));
    const n = new Float64Array(k),
      sum = new Float64Array(k * d),
      sq = new Float64Array(k * d);
    evaluate = (l) => {
      (n.fill(0), sum.fill(0), sq.fill(0));
      for (let j = 0; j < m; j++) {
        const q = l[j],
          p = pos[j];
        n[q]++;
        for (let a = 0; a < d; a++) ((sum[q * d + a] += p[a]), (sq[q * d + a] += p[a] * p[a]));
      }
      let s = 0;
      let used = 0;
      for (let q = 0; q < k; q++) {
        if (!n[q]) continue;
        used++;
        let t = 0;
        for (let a = 0; a < d; a++) t = t + sq[q * d + a] / n[q] - (sum[q * d + a] / n[q]) ** 2;
        s += t;
      }
      return used ? s / used : 0;
    };
  } else {
    const full = labels.slice();
    evaluate = (l) => {
      cells.forEach((cell, j) => (full[cell] = l[j]));
      return metric(full, g);
    };
  }
  const observed = evaluate(lab);
  const rng = new Rng(o.seed, STREAMS.shuffle);
  const values = new Float64Array(shuffles);
  const perm = lab.slice();
  // perm is not reset between shuffles: a uniform Fisher–Yates pass applied to any arrangement gives a uniform
  // permutation independent of the previous ones.
  for (let s = 0; s < shuffles; s++) {
    for (let i = m - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    values[s] = evaluate(perm);
  }
  return baselineStats(observed, values, o.bins ?? 40);
}

/** Mean, s.d., z, empirical p (share ≤ observed, +1 corrected) and histogram of shuffled values. */
export function baselineStats(observed: number, values: Float64Array, bins = 40): Baseline {
  const shuffles = values.length;
  let below = 0;
  for (const v of values) if (v <= observed) below++;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= shuffles || 1;
  let varSum = 0;
  for (const v of values) varSum += (v - mean) ** 2;
  const std = Math.sqrt(varSum / (shuffles || 1));
  let lo = observed;
  let hi = observed;
  for (const v of values) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  if (hi === lo) hi = lo + 1e-9;
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  return {
    observed,
    mean,
    std,
    z: std > 0 ? (observed - mean) / std : 0,
    p: (1 + below) / (1 + shuffles),
    histogram: { min: lo, max: hi, counts },
    shuffles,
  };
}
