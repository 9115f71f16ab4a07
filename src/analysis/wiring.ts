// Wiring measures of the recurrent matrix (docs/spec.md §5.6, §6.12): active connections (|w| > 1e-2), wiring length
// Σ D_ij over them (self-connections have length 0), and |W| against distance for Fig. 1f.

/** Number of connections with |w| > threshold (strictly). */
export function activeConnections(W: Float32Array, threshold = 1e-2): number {
  let k = 0;
  for (let i = 0; i < W.length; i++) if (Math.abs(W[i]) > threshold) k++;
  return k;
}

/** Σ D_ij over the active connections (|W_ij| > threshold); D's diagonal is 0, so self-connections add nothing. */
export function wiringLength(W: Float32Array, D: ArrayLike<number>, threshold = 1e-2): number {
  if (W.length !== D.length) throw new Error(`wiringLength: W has ${W.length} values, D ${D.length}`);
  let s = 0;
  for (let i = 0; i < W.length; i++) if (Math.abs(W[i]) > threshold) s += D[i];
  return s;
}

export interface DistanceBin {
  lo: number;
  hi: number;
  count: number;
  meanAbs: number;
  maxAbs: number;
}

/** Binned |W| over [0, max D] plus up to `maxSamples` evenly spaced connections { d, w } for a scatter plot. */
export function weightByDistance(
  W: Float32Array,
  D: ArrayLike<number>,
  bins = 30,
  maxSamples = 3000,
): { bins: DistanceBin[]; samples: { d: number; w: number }[] } {
  if (W.length !== D.length) throw new Error(`weightByDistance: W has ${W.length} values, D ${D.length}`);
  let maxD = 0;
  for (let i = 0; i < D.length; i++) maxD = Math.max(maxD, D[i]);
  const width = maxD > 0 ? maxD / bins : 1;
  const out: DistanceBin[] = Array.from({ length: bins }, (_, b) => ({
    lo: b * width,
    hi: (b + 1) * width,
    count: 0,
    meanAbs: 0,
    maxAbs: 0,
  }));
  for (let i = 0; i < W.length; i++) {
    const b = Math.min(bins - 1, Math.floor(D[i] / width));
    const a = Math.abs(W[i]);
    out[b].count++;
    out[b].meanAbs += a;
    out[b].maxAbs = Math.max(out[b].maxAbs, a);
  }
  for (const b of out) if (b.count) b.meanAbs /= b.count;
  const step = Math.max(1, Math.ceil(W.length / maxSamples));
  const samples: { d: number; w: number }[] = [];
  for (let i = 0; i < W.length; i += step) samples.push({ d: D[i], w: Math.abs(W[i]) });
  return { bins: out, samples };
}

export interface ExactDistance {
  d: number;
  count: number;
  meanAbs: number;
}

/**
 * Mean |W| at each of the `count` smallest distinct distances (0 = self-connections, then one grid step, …): the
 * numbers behind "weights decay fast with distance", which distance bins blur (a bin can hold 0 and one step).
 */
export function weightAtNearestDistances(W: Float32Array, D: ArrayLike<number>, count = 4): ExactDistance[] {
  if (W.length !== D.length) throw new Error(`weightAtNearestDistances: W has ${W.length} values, D ${D.length}`);
  const key = (d: number) => Math.round(d * 1e9) / 1e9; // D is computed as sums of ratios: equal distances agree to 1e-9
  const distinct = [...new Set(Array.from(D, key))].sort((a, b) => a - b).slice(0, count);
  const sums = new Map(distinct.map((d) => [d, { d, count: 0, meanAbs: 0 }]));
  for (let i = 0; i < W.length; i++) {
    const s = sums.get(key(D[i]));
    if (s) (s.count++, (s.meanAbs += Math.abs(W[i])));
  }
  return distinct.map((d) => {
    const s = sums.get(d)!;
    return { d, count: s.count, meanAbs: s.count ? s.meanAbs / s.count : 0 };
  });
}
