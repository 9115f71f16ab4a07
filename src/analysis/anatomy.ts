// Are functional clusters anatomical? (SPEC §5.3–§5.5, §6.14): the fraction of isolated important neurons, the
// spatial spread of each cluster, and both against shuffles of the cluster labels among the occupied cells.
import { Rng, STREAMS } from "../tasks/rng.js";
import type { Geometry } from "../train/config.js";

/** Neighbour cells: 8-neighbourhood on a grid (no wrap), i ± 1 on a line. */
export function neighbours(cell: number, g: Geometry): number[] {
  const out: number[] = [];
  if (g.kind === "line") {
    if (cell > 0) out.push(cell - 1);
    if (cell < g.n - 1) out.push(cell + 1);
    return out;
  }
  const r = Math.floor(cell / g.cols);
  const c = cell % g.cols;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const rr = r + dr;
      const cc = c + dc;
      if ((dr || dc) && rr >= 0 && rr < g.rows && cc >= 0 && cc < g.cols) out.push(rr * g.cols + cc);
    }
  }
  return out;
}

/** (row, col) of a cell in grid units; a line is one row. */
export function position(cell: number, g: Geometry): [number, number] {
  return g.kind === "line" ? [0, cell] : [Math.floor(cell / g.cols), cell % g.cols];
}

/**
 * A metric of a labelling of the cells (label ≥ 0 = the neuron's cluster, −1 = unimportant). shuffleBaseline has
 * allocation-free fast paths for isolatedFraction and clusterSpread; any other metric is called once per shuffle.
 */
export type Metric = (labels: Int32Array, g: Geometry) => number;

function checkSize(labels: Int32Array, g: Geometry, who: string): void {
  const cells = g.kind === "line" ? g.n : g.rows * g.cols;
  if (labels.length !== cells) throw new Error(`${who}: ${labels.length} labels for ${cells} cells`);
}

/** #isolated / #important: an important cell is isolated if no neighbour has its label (−1 = unimportant). */
export function isolatedFraction(labels: Int32Array, g: Geometry): number {
  checkSize(labels, g, "isolatedFraction");
  let important = 0;
  let isolated = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    important++;
    if (!neighbours(i, g).some((j) => labels[j] === labels[i])) isolated++;
  }
  return important ? isolated / important : 0;
}

/** Mean over clusters of var(row) + var(col) of its members (grid units; a line: variance of indices). */
export function clusterSpread(labels: Int32Array, g: Geometry): number {
  checkSize(labels, g, "clusterSpread");
  const acc = new Map<number, { n: number; r: number; c: number; rr: number; cc: number }>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    const [r, c] = position(i, g);
    const a = acc.get(labels[i]) ?? { n: 0, r: 0, c: 0, rr: 0, cc: 0 };
    a.n++, (a.r += r), (a.c += c), (a.rr += r * r), (a.cc += c * c);
    acc.set(labels[i], a);
  }
  if (acc.size === 0) return 0;
  let s = 0;
  for (const a of acc.values()) s += a.rr / a.n - (a.r / a.n) ** 2 + a.cc / a.n - (a.c / a.n) ** 2;
  return s / acc.size;
}

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
 * cells (the occupied cells stay fixed: SPEC §5.5's reading). Fast paths for the two metrics above: neighbour lists
 * and positions of the important cells are precomputed, and nothing is allocated inside the loop.
 */
export function shuffleBaseline(labels: Int32Array, g: Geometry, metric: Metric, o: { shuffles?: number; seed: number; bins?: number }): Baseline {
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
    const nb = cells.map((c) => Int32Array.from(neighbours(c, g).filter((x) => index.has(x)).map((x) => index.get(x)!)));
    evaluate = (l) => {
      let iso = 0;
      for (let j = 0; j < m; j++) {
        const list = nb[j];
        let alone = 1;
        for (let q = 0; q < list.length; q++) if (l[list[q]] === l[j]) { alone = 0; break; }
        iso += alone;
      }
      return m ? iso / m : 0;
    };
  } else if (metric === clusterSpread) {
    const pr = Float64Array.from(cells.map((c) => position(c, g)[0]));
    const pc = Float64Array.from(cells.map((c) => position(c, g)[1]));
    const n = new Float64Array(k), r = new Float64Array(k), c = new Float64Array(k), rr = new Float64Array(k), cc = new Float64Array(k);
    evaluate = (l) => {
      n.fill(0), r.fill(0), c.fill(0), rr.fill(0), cc.fill(0);
      for (let j = 0; j < m; j++) {
        const q = l[j];
        n[q]++, (r[q] += pr[j]), (c[q] += pc[j]), (rr[q] += pr[j] * pr[j]), (cc[q] += pc[j] * pc[j]);
      }
      let s = 0;
      let used = 0;
      for (let q = 0; q < k; q++) {
        if (!n[q]) continue;
        used++;
        s += rr[q] / n[q] - (r[q] / n[q]) ** 2 + cc[q] / n[q] - (c[q] / n[q]) ** 2;
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
  for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (hi === lo) hi = lo + 1e-9;
  const counts = new Array(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  return { observed, mean, std, z: std > 0 ? (observed - mean) / std : 0, p: (1 + below) / (1 + shuffles), histogram: { min: lo, max: hi, counts }, shuffles };
}
