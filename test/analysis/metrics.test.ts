// Analysis metrics on hand-made inputs with known answers (SPEC §5, §6.11–§6.14, §8 example 10).
import { describe, expect, it } from "vitest";
import { clusterSpread, isolatedFraction, shuffleBaseline } from "../../src/analysis/anatomy.js";
import { clusterBySilhouette, kmeans, orderClusters, silhouette } from "../../src/analysis/kmeans.js";
import { importantNeurons, maxNormalize, taskVariance } from "../../src/analysis/task-variance.js";
import { activeConnections, weightByDistance, wiringLength } from "../../src/analysis/wiring.js";
import { Rng } from "../../src/tasks/rng.js";
import type { Geometry } from "../../src/train/config.js";

const grid = (rows: number, cols: number): Geometry => ({ kind: "grid", rows, cols });
const labelsOf = (rows: (number | null)[][]) => Int32Array.from(rows.flat().map((x) => (x === null ? -1 : x)));

describe("anatomy", () => {
  it("SPEC §8 ex. 10: [[a,a,b],[a,c,b],[−,−,b]] → isolated fraction 1/7", () => {
    expect(isolatedFraction(labelsOf([[0, 0, 1], [0, 2, 1], [null, null, 1]]), grid(3, 3))).toBeCloseTo(1 / 7, 12);
  });

  it("a perfectly modular grid (4 quadrants) has no isolated neuron; a checkerboard has only isolated ones", () => {
    const quad = new Int32Array(400).map((_, i) => 2 * (Math.floor(i / 20) >= 10 ? 1 : 0) + ((i % 20) >= 10 ? 1 : 0));
    expect(isolatedFraction(quad, grid(20, 20))).toBe(0);
    // checkerboard of two labels on a sparse lattice: important cells on even rows/cols, labels alternating
    const cb = new Int32Array(400).fill(-1);
    for (let r = 0; r < 20; r += 2) for (let c = 0; c < 20; c += 2) cb[r * 20 + c] = ((r + c) / 2) % 2;
    expect(isolatedFraction(cb, grid(20, 20))).toBe(1);
    // 1D: neighbours are i ± 1 only
    expect(isolatedFraction(Int32Array.from([0, 0, 1, -1, 1, 2]), { kind: "line", n: 6 })).toBeCloseTo(3 / 5, 12);
  });

  it("cluster spread: mean over clusters of var(row) + var(col), in grid units", () => {
    // cluster 0 at (0,0),(0,2): var(col) = 1; cluster 1 at (1,1) alone: 0 → mean 0.5
    expect(clusterSpread(labelsOf([[0, null, 0], [null, 1, null]]), grid(2, 3))).toBeCloseTo(0.5, 12);
    expect(clusterSpread(Int32Array.from([0, -1, 0, 1]), { kind: "line", n: 4 })).toBeCloseTo(0.5, 12); // (var{0,2} + var{3}) / 2
  });

  it("shuffles: p = 1/10001 for the quadrants (z ≪ 0); p ≈ uniform for random labellings; seeded", () => {
    const quad = new Int32Array(400).map((_, i) => 2 * (Math.floor(i / 20) >= 10 ? 1 : 0) + ((i % 20) >= 10 ? 1 : 0));
    for (const metric of [isolatedFraction, clusterSpread]) {
      const b = shuffleBaseline(quad, grid(20, 20), metric, { shuffles: 10_000, seed: 1 });
      expect(b.p).toBeCloseTo(1 / 10001, 12);
      expect(b.z).toBeLessThan(-5);
      expect(b.histogram.counts.reduce((a, c) => a + c, 0)).toBe(10_000);
      expect(shuffleBaseline(quad, grid(20, 20), metric, { shuffles: 500, seed: 2 })).toEqual(shuffleBaseline(quad, grid(20, 20), metric, { shuffles: 500, seed: 2 }));
    }
    const rng = new Rng(5);
    const ps: number[] = [];
    for (let t = 0; t < 200; t++) {
      const lab = new Int32Array(100).map(() => (rng.uniform() < 0.4 ? -1 : rng.int(4)));
      ps.push(shuffleBaseline(lab, grid(10, 10), isolatedFraction, { shuffles: 300, seed: t }).p);
    }
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.62);
    const low = ps.filter((p) => p < 0.1).length / ps.length;
    expect(low).toBeGreaterThan(0.03);
    expect(low).toBeLessThan(0.2);
  });

  it("the fast shuffle paths agree with the plain metric on every shuffle (via a wrapped metric)", () => {
    const rng = new Rng(9);
    const lab = new Int32Array(64).map(() => (rng.uniform() < 0.3 ? -1 : rng.int(3)));
    for (const metric of [isolatedFraction, clusterSpread]) {
      const fast = shuffleBaseline(lab, grid(8, 8), metric, { shuffles: 200, seed: 3 });
      const slow = shuffleBaseline(lab, grid(8, 8), (l, g) => metric(l, g), { shuffles: 200, seed: 3 });
      expect(fast.observed).toBeCloseTo(slow.observed, 12);
      expect(fast.mean).toBeCloseTo(slow.mean, 12);
      expect(fast.p).toBe(slow.p);
    }
  });
});

describe("clustering", () => {
  it("silhouette of {0, 1, 10, 11} with labels {0, 0, 1, 1}: outer points (10.5 − 1)/10.5, inner (9.5 − 1)/9.5", () => {
    expect(silhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2)).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 12);
  });

  it("k-means + silhouette recovers 4 planted clusters in 6-D, deterministically", () => {
    const rng = new Rng(3);
    const centers = [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 1]];
    const truth: number[] = [];
    const points: number[][] = [];
    for (let i = 0; i < 120; i++) {
      const c = i % 4;
      truth.push(c);
      points.push(centers[c].map((x) => x + rng.normal(0, 0.05)));
    }
    const r = clusterBySilhouette(points, { seed: 1, kMax: 8 });
    expect(r.k).toBe(4);
    // same partition up to renaming
    const map = new Map<number, number>();
    truth.forEach((t, i) => {
      if (!map.has(t)) map.set(t, r.labels[i]);
      expect(r.labels[i]).toBe(map.get(t));
    });
    // Yang's order: clusters sorted by their top feature (0, 1, 3, 5) → planted cluster c gets label c
    expect(truth.every((t, i) => r.labels[i] === t)).toBe(true);
    expect(clusterBySilhouette(points, { seed: 1, kMax: 8 })).toEqual(r);
    expect(kmeans(points, 4, { seed: 7 }).inertia).toBeLessThan(120 * 6 * 0.05 ** 2 * 1.5);
  });

  it("orderClusters sorts by top task, then size; tiny inputs give one cluster", () => {
    const pts = [[0, 1], [0, 1], [1, 0]];
    expect(Array.from(orderClusters(pts, Int32Array.from([0, 0, 1]), 2))).toEqual([1, 1, 0]);
    expect(clusterBySilhouette([[1], [2]], { seed: 0 })).toEqual({ k: 1, labels: new Int32Array(2), silhouette: {} });
  });
});

describe("task variance and wiring", () => {
  it("variance across trials per step, averaged over steps ≥ fromStep; importance and max-normalisation", () => {
    // T 3, B 2, n 3: neuron 0 differs between trials by 2 at every step (var 1); neuron 1 only at step 0 (skipped);
    // neuron 2 constant.
    const T = 3, B = 2, n = 3;
    const h = new Float32Array(T * B * n);
    for (let t = 0; t < T; t++) {
      h[(t * B + 0) * n + 0] = 1;
      h[(t * B + 1) * n + 0] = 3;
      h[(t * B + 1) * n + 2] = 0;
    }
    h[(0 * B + 1) * n + 1] = 10;
    const tv = taskVariance(h, T, B, n, 1);
    expect(Array.from(tv)).toEqual([1, 0, 0]);
    const tv2 = Float64Array.from([0.5, 0.0005, 0]);
    expect(importantNeurons([tv, tv2], 1e-3)).toEqual([0]);
    expect(importantNeurons([Float64Array.from([0, 0.0006, 0]), Float64Array.from([0, 0.0006, 0])])).toEqual([1]);
    expect(maxNormalize([tv, tv2], [0])).toEqual([[1, 0.5]]);
  });

  it("active connections and wiring length use |w| > 0.01 strictly; self-connections have length 0", () => {
    const W = Float32Array.from([0.5, 0.01, -0.02, 0.011]);
    const D = Float32Array.from([0, 1, 1, 0]);
    expect(activeConnections(W)).toBe(3);
    expect(wiringLength(W, D)).toBeCloseTo(1, 12);
    const wd = weightByDistance(W, D, 2);
    expect(wd.bins.map((b) => b.count)).toEqual([2, 2]);
    expect(wd.bins[1].maxAbs).toBeCloseTo(0.02, 6);
  });
});
