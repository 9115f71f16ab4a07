// Functional clusters (SPEC §4.3, §6.13): k-means with k-means++ seeding and restarts, the mean silhouette, k chosen
// by the best silhouette over k = 2 … min(29, n − 1), clusters relabelled in Yang's order (by their top task).
import { Rng } from "../tasks/rng.js";

function dist2(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

export interface KMeansResult {
  labels: Int32Array;
  centroids: number[][];
  inertia: number;
}

/** One k-means run: k-means++ seeding, Lloyd iterations until no assignment changes (≤ 300). */
function kmeansOnce(points: readonly number[][], k: number, rng: Rng): KMeansResult {
  const n = points.length;
  const centroids: number[][] = [points[rng.int(n)].slice()];
  const d2 = points.map((p) => dist2(p, centroids[0]));
  while (centroids.length < k) {
    const total = d2.reduce((a, b) => a + b, 0);
    let pick = n - 1;
    if (total > 0) {
      let r = rng.uniform() * total;
      for (let i = 0; i < n; i++) if ((r -= d2[i]) < 0) { pick = i; break; }
    } else pick = rng.int(n);
    centroids.push(points[pick].slice());
    for (let i = 0; i < n; i++) d2[i] = Math.min(d2[i], dist2(points[i], centroids[centroids.length - 1]));
  }
  const labels = new Int32Array(n).fill(-1);
  const dim = points[0].length;
  for (let iter = 0; iter < 300; iter++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const d = dist2(points[i], centroids[c]);
        if (d < bd) [bd, best] = [d, c];
      }
      if (labels[i] !== best) [labels[i], changed] = [best, true];
    }
    if (!changed) break;
    const sums = Array.from({ length: k }, () => new Array(dim).fill(0));
    const counts = new Array(k).fill(0);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let j = 0; j < dim; j++) sums[labels[i]][j] += points[i][j];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) centroids[c] = sums[c].map((s) => s / counts[c]);
      else {
        // empty cluster: re-seed at the point farthest from its centroid
        let far = 0;
        let fd = -1;
        for (let i = 0; i < n; i++) {
          const d = dist2(points[i], centroids[labels[i]]);
          if (d > fd) [fd, far] = [d, i];
        }
        centroids[c] = points[far].slice();
        labels[far] = c;
      }
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist2(points[i], centroids[labels[i]]);
  return { labels, centroids, inertia };
}

/** k-means with `restarts` k-means++ restarts; the lowest inertia wins. Deterministic from the seed. */
export function kmeans(points: readonly number[][], k: number, opts: { restarts?: number; seed: number }): KMeansResult {
  if (k < 1 || k > points.length) throw new Error(`kmeans: k ${k} for ${points.length} points`);
  const rng = new Rng(opts.seed, 0x4b4d_0000 + k); // "KM" + k
  let best: KMeansResult | null = null;
  for (let r = 0; r < (opts.restarts ?? 20); r++) {
    const res = kmeansOnce(points, k, rng);
    if (!best || res.inertia < best.inertia) best = res;
  }
  return best!;
}

/** Mean silhouette (Euclidean); a point alone in its cluster scores 0 (as scikit-learn). */
export function silhouette(points: readonly number[][], labels: ArrayLike<number>, k: number): number {
  const n = points.length;
  const size = new Array(k).fill(0);
  for (let i = 0; i < n; i++) size[labels[i]]++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (size[labels[i]] <= 1) continue;
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]] += Math.sqrt(dist2(points[i], points[j]));
    const a = sums[labels[i]] / (size[labels[i]] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== labels[i] && size[c] > 0) b = Math.min(b, sums[c] / size[c]);
    const m = Math.max(a, b);
    total += m > 0 && Number.isFinite(b) ? (b - a) / m : 0;
  }
  return total / n;
}

/**
 * Relabel clusters in Yang's order: each cluster's top feature (task) is the one with the largest summed value over
 * its members; clusters are sorted by that task index, then by size (desc), then by old label.
 */
export function orderClusters(points: readonly number[][], labels: Int32Array, k: number): Int32Array {
  const dim = points[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Array(dim).fill(0));
  const size = new Array(k).fill(0);
  points.forEach((p, i) => {
    size[labels[i]]++;
    p.forEach((v, j) => (sums[labels[i]][j] += v));
  });
  const top = sums.map((s) => s.indexOf(Math.max(...s)));
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

/** k by the best silhouette over k = kMin … min(kMax, n − 1) (ties → smaller k), labels in Yang's order. */
export function clusterBySilhouette(points: readonly number[][], opts: { kMin?: number; kMax?: number; restarts?: number; seed: number }): Clustering {
  const n = points.length;
  const kMin = opts.kMin ?? 2;
  const kMax = Math.min(opts.kMax ?? 29, n - 1);
  if (n < 3 || kMax < kMin) return { k: n > 0 ? 1 : 0, labels: new Int32Array(n), silhouette: {} };
  const scores: Record<number, number> = {};
  let best: { k: number; labels: Int32Array; s: number } | null = null;
  for (let k = kMin; k <= kMax; k++) {
    const r = kmeans(points, k, { restarts: opts.restarts, seed: opts.seed });
    const s = silhouette(points, r.labels, k);
    scores[k] = s;
    if (!best || s > best.s) best = { k, labels: r.labels, s };
  }
  return { k: best!.k, labels: orderClusters(points, best!.labels, best!.k), silhouette: scores };
}
