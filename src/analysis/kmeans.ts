// Functional clusters (docs/spec.md §4.3, §6.13): k-means with k-means++ seeding and restarts, the mean silhouette, k chosen
// by the best silhouette over k = 2 … min(29, n − 1), clusters relabelled in Yang's order (by their top task).
// Points are copied once into a flat Float64Array (row i at i·dim): the Lloyd loop runs ~10⁸ multiply-adds for 300
// neurons × 20 tasks × 28 values of k × 20 restarts, and nested number[] arrays make that several times slower.
import { Rng, STREAMS } from "../tasks/rng.js";

/** n points of dimension dim, row-major. */
interface Flat {
  x: Float64Array;
  n: number;
  dim: number;
}

function flatten(points: readonly (readonly number[])[]): Flat {
  const n = points.length;
  const dim = n ? points[0].length : 0;
  const x = new Float64Array(n * dim);
  points.forEach((p, i) => {
    if (p.length !== dim) throw new Error(`kmeans: point ${i} has ${p.length} values, expected ${dim}`);
    x.set(p, i * dim);
  });
  return { x, n, dim };
}

/** Squared distance between row i of a and row j of b (both of dimension dim). */
function dist2(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  let s = 0;
  const oa = i * dim;
  const ob = j * dim;
  for (let q = 0; q < dim; q++) {
    const d = a[oa + q] - b[ob + q];
    s += d * d;
  }
  return s;
}

export interface KMeansResult {
  labels: Int32Array;
  centroids: number[][];
  inertia: number;
}

interface Run {
  labels: Int32Array;
  centroids: Float64Array;
  inertia: number;
}

/** k-means++ seeding: the first centre uniformly, each further one with probability ∝ squared distance. */
function seedCentroids({ x, n, dim }: Flat, k: number, rng: Rng): Float64Array {
  const cen = new Float64Array(k * dim);
  const first = rng.int(n);
  cen.set(x.subarray(first * dim, first * dim + dim), 0);
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) d2[i] = dist2(x, i, cen, 0, dim);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += d2[i];
    let pick = n - 1; // if rounding leaves r ≥ 0 after the loop
    if (total > 0) {
      let r = rng.uniform() * total;
      for (let i = 0; i < n; i++) {
        if ((r -= d2[i]) < 0) {
          pick = i;
          break;
        }
      }
    } else pick = rng.int(n); // every point sits on a centre already (duplicates)
    cen.set(x.subarray(pick * dim, pick * dim + dim), c * dim);
    for (let i = 0; i < n; i++) d2[i] = Math.min(d2[i], dist2(x, i, cen, c, dim));
  }
  return cen;
}

/** One k-means run: k-means++ seeding, then Lloyd iterations until no assignment changes (≤ 300). */
function kmeansOnce(data: Flat, k: number, rng: Rng): Run {
  const { x, n, dim } = data;
  const cen = seedCentroids(data, k, rng);
  const labels = new Int32Array(n).fill(-1);
  const counts = new Int32Array(k);
  for (let iter = 0; iter < 300; iter++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const d = dist2(x, i, cen, c, dim);
        if (d < bd) {
          bd = d;
          best = c;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    cen.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      counts[c]++;
      for (let q = 0; q < dim; q++) cen[c * dim + q] += x[i * dim + q];
    }
    for (let c = 0; c < k; c++) if (counts[c] > 0) for (let q = 0; q < dim; q++) cen[c * dim + q] /= counts[c];
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      // Empty cluster: re-seed it at the point farthest from its centroid; that point moves into it, so the next
      // assignment pass starts from k non-empty clusters (its old cluster keeps ≥ 1 member unless all distances are 0).
      let far = 0;
      let fd = -1;
      for (let i = 0; i < n; i++) {
        const d = dist2(x, i, cen, labels[i], dim);
        if (d > fd) {
          fd = d;
          far = i;
        }
      }
      counts[labels[far]]--;
      labels[far] = c;
      counts[c] = 1;
      cen.set(x.subarray(far * dim, far * dim + dim), c * dim);
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist2(x, i, cen, labels[i], dim);
  return { labels, centroids: cen, inertia };
}

function kmeansFlat(data: Flat, k: number, restarts: number, seed: number): Run {
  if (!Number.isInteger(k) || k < 1 || k > data.n) throw new Error(`kmeans: k ${k} for ${data.n} points`);
  const rng = new Rng(seed, STREAMS.kmeans + k); // each k has its own stream, so results do not depend on kMin
  let best: Run | null = null;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const run = kmeansOnce(data, k, rng);
    if (!best || run.inertia < best.inertia) best = run; // ties → the earlier restart
  }
  return best!;
}

/** k-means with `restarts` (default 20) k-means++ restarts; the lowest inertia wins. Deterministic from the seed. */
export function kmeans(
  points: readonly (readonly number[])[],
  k: number,
  opts: { restarts?: number; seed: number },
): KMeansResult {
  const data = flatten(points);
  const r = kmeansFlat(data, k, opts.restarts ?? 20, opts.seed);
  const centroids = Array.from({ length: k }, (_, c) =>
    Array.from(r.centroids.subarray(c * data.dim, (c + 1) * data.dim)),
  );
  return { labels: r.labels, centroids, inertia: r.inertia };
}

/** Euclidean distances between all pairs, n × n (8n² bytes: fine for the few hundred important neurons). */
function pairwiseDistances({ x, n, dim }: Flat): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) d[i * n + j] = d[j * n + i] = Math.sqrt(dist2(x, i, x, j, dim));
  }
  return d;
}

function silhouetteFromDistances(d: Float64Array, n: number, labels: ArrayLike<number>, k: number): number {
  if (n === 0) return 0;
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[labels[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (size[own] <= 1) continue; // a point alone in its cluster scores 0
    sums.fill(0);
    for (let j = 0; j < n; j++) sums[labels[j]] += d[i * n + j]; // d[i·n + i] = 0
    const a = sums[own] / (size[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, sums[c] / size[c]);
    const m = Math.max(a, b);
    if (Number.isFinite(b) && m > 0) total += (b - a) / m;
  }
  return total / n;
}

/** Mean silhouette (Euclidean) of labels 0…k−1; a point alone in its cluster scores 0 (as scikit-learn). */
export function silhouette(points: readonly (readonly number[])[], labels: ArrayLike<number>, k: number): number {
  const data = flatten(points);
  return silhouetteFromDistances(pairwiseDistances(data), data.n, labels, k);
}

/**
 * Relabel clusters in Yang's order: each cluster's top feature (task) is the one with the largest summed value over
 * its members (first such feature on ties); clusters are sorted by that task index, then by size (desc), then by
 * old label.
 */
export function orderClusters(points: readonly (readonly number[])[], labels: Int32Array, k: number): Int32Array {
  const dim = points[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Float64Array(dim));
  const size = new Int32Array(k);
  points.forEach((p, i) => {
    size[labels[i]]++;
    for (let q = 0; q < dim; q++) sums[labels[i]][q] += p[q];
  });
  const top = sums.map((s) => {
    let arg = 0;
    for (let q = 1; q < dim; q++) if (s[q] > s[arg]) arg = q;
    return arg;
  });
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => top[a] - top[b] || size[b] - size[a] || a - b);
  const newLabel = new Int32Array(k);
  order.forEach((c, rank) => (newLabel[c] = rank));
  return labels.map((l) => newLabel[l]);
}

export interface Clustering {
  k: number;
  labels: Int32Array;
  /** Mean silhouette per tried k. */
  silhouette: Record<number, number>;
}

/**
 * k by the best silhouette over k = kMin … min(kMax, n − 1) (ties → smaller k), labels in Yang's order. Fewer than
 * 3 points (or no k to try): one cluster, every label 0, no silhouette scores (k = 0 for no points).
 */
export function clusterBySilhouette(
  points: readonly (readonly number[])[],
  opts: { kMin?: number; kMax?: number; restarts?: number; seed: number },
): Clustering {
  const data = flatten(points);
  const n = data.n;
  const kMin = Math.max(2, opts.kMin ?? 2);
  const kMax = Math.min(opts.kMax ?? 29, n - 1);
  if (n < 3 || kMax < kMin) return { k: n > 0 ? 1 : 0, labels: new Int32Array(n), silhouette: {} };
  const dist = pairwiseDistances(data);
  const scores: Record<number, number> = {};
  let best: { k: number; labels: Int32Array; s: number } | null = null;
  for (let k = kMin; k <= kMax; k++) {
    const r = kmeansFlat(data, k, opts.restarts ?? 20, opts.seed);
    const s = silhouetteFromDistances(dist, n, r.labels, k);
    scores[k] = s;
    if (!best || s > best.s) best = { k, labels: r.labels, s };
  }
  return { k: best!.k, labels: orderClusters(points, best!.labels, best!.k), silhouette: scores };
}
