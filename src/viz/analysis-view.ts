// Read-only views of analysis.json for the figures. This is the one place that reads the fields whose names may
// still change (the |W|-by-distance bins and samples, the shuffle histograms), and it derives the orders and
// summaries several figures share (cluster order, cluster sizes, Σ task variance per neuron); cluster names come
// from analysis/cluster-names.ts.
import type { Analysis } from "../analysis/analyze.js";
import type { Baseline } from "../analysis/anatomy.js";

import type { DistanceBin } from "../analysis/wiring.js";

export type { DistanceBin };

/** |W_ij| against D_ij: the bins (mean and max |w| per distance bin) and a sample of individual connections. */
export function distanceProfile(a: Analysis): { bins: DistanceBin[]; samples: { d: number; w: number }[] } {
  const wd = a.weightDistance;
  return {
    bins: wd.bins.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, meanAbs: b.meanAbs, maxAbs: b.maxAbs })),
    samples: wd.samples.map((s) => ({ d: s.d, w: Math.abs(s.w) })),
  };
}

/** The shuffle histogram as bars [lo, hi) with their counts (equal-width bins over [min, max]). */
export function histogramBars(b: Baseline): { lo: number; hi: number; count: number }[] {
  const { min, max, counts } = b.histogram;
  const w = (max - min) / Math.max(1, counts.length);
  return counts.map((count, i) => ({ lo: min + i * w, hi: min + (i + 1) * w, count }));
}

/** Indices into `important` (= rows of normalizedTV) ordered by cluster, then by the neuron's top task, then index. */
export function clusterOrder(a: Analysis): number[] {
  const top = a.normalizedTV.map((row) => row.indexOf(Math.max(...row)));
  return a.important
    .map((_, j) => j)
    .sort((x, y) => a.clustering.labels[x] - a.clustering.labels[y] || top[x] - top[y] || x - y);
}

/** Number of important neurons in each cluster 0 … k−1. */
export function clusterSizes(a: Analysis): number[] {
  const sizes = new Array<number>(a.clustering.k).fill(0);
  for (const l of a.clustering.labels) if (l >= 0 && l < sizes.length) sizes[l]++;
  return sizes;
}

/** Σ over tasks of the task variance, for every hidden neuron (cell order). */
export function tvSums(a: Analysis): number[] {
  const sums = new Array<number>(a.run.nHidden).fill(0);
  for (const row of a.taskVariance.values) row.forEach((v, i) => (sums[i] += v));
  return sums;
}
