// k-means, silhouette, k by silhouette and Yang's cluster order (docs/spec.md §4.3, §6.13): hand-computed values and planted
// clusters.
import { describe, expect, it } from "vitest";
import { clusterBySilhouette, kmeans, orderClusters, silhouette } from "../../src/analysis/kmeans.js";
import { Rng } from "../../src/tasks/rng.js";

/** Is `labels` the same partition as `truth` (equal up to renaming the clusters)? */
function samePartition(labels: ArrayLike<number>, truth: ArrayLike<number>): boolean {
  const fwd = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    if ((fwd.get(truth[i]) ?? labels[i]) !== labels[i] || (back.get(labels[i]) ?? truth[i]) !== truth[i]) return false;
    fwd.set(truth[i], labels[i]);
    back.set(labels[i], truth[i]);
  }
  return true;
}

/** 30 points around each of four corners of the 6-D unit cube (σ 0.05), in round-robin order. */
function blobs(seed: number): { points: number[][]; truth: number[] } {
  const rng = new Rng(seed);
  const centres = [
    [1, 0, 0, 0, 0, 0],
    [0, 1, 0, 0, 0, 0],
    [0, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0, 1],
  ];
  const points: number[][] = [];
  const truth: number[] = [];
  for (let i = 0; i < 120; i++) {
    truth.push(i % 4);
    points.push(centres[i % 4].map((x) => x + rng.normal(0, 0.05)));
  }
  return { points, truth };
}

describe("silhouette", () => {
  it("{0, 1, 10, 11} with labels {0, 0, 1, 1}: outer points (10.5 − 1)/10.5, inner ones (9.5 − 1)/9.5", () => {
    expect(silhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2)).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 14);
  });

  it("a point alone in its cluster scores 0: {0, 1, 5} with labels {0, 0, 1} → (4/5 + 3/4 + 0)/3", () => {
    expect(silhouette([[0], [1], [5]], [0, 0, 1], 2)).toBeCloseTo((0.8 + 0.75) / 3, 14);
  });

  it("uses Euclidean distance: (0,0),(0,1) vs (3,4),(3,5)", () => {
    // a = 1 for everyone; b: (0,0) → (5 + √34)/2, (0,1) → (√18 + 5)/2, (3,4) → (5 + √18)/2, (3,5) → (√34 + 5)/2
    const bOuter = (5 + Math.sqrt(34)) / 2;
    const bInner = (5 + Math.sqrt(18)) / 2;
    const want = ((bOuter - 1) / bOuter + (bInner - 1) / bInner) / 2;
    expect(
      silhouette(
        [
          [0, 0],
          [0, 1],
          [3, 4],
          [3, 5],
        ],
        [0, 0, 1, 1],
        2,
      ),
    ).toBeCloseTo(want, 14);
  });
});

describe("kmeans", () => {
  it("splits {0, 1, 10, 11} in two with inertia 1; k = 1 gives the mean; k = n gives inertia 0", () => {
    const pts = [[0], [1], [10], [11]];
    const two = kmeans(pts, 2, { seed: 0 });
    expect(samePartition(two.labels, [0, 0, 1, 1])).toBe(true);
    expect(two.inertia).toBeCloseTo(1, 12);
    expect(two.centroids.map((c) => c[0]).sort((a, b) => a - b)).toEqual([0.5, 10.5]);
    const one = kmeans([[0], [2], [4]], 1, { seed: 0 });
    expect(one.centroids).toEqual([[2]]);
    expect(one.inertia).toBe(8);
    expect(kmeans(pts, 4, { seed: 3 }).inertia).toBe(0);
    expect(() => kmeans(pts, 5, { seed: 0 })).toThrow(/k 5/);
  });

  it("is deterministic by seed, and more restarts never do worse than the first of them", () => {
    const { points } = blobs(8);
    expect(kmeans(points, 6, { seed: 4 })).toEqual(kmeans(points, 6, { seed: 4 }));
    for (const seed of [1, 2, 3]) {
      // restart 1 of 20 is the single run (same generator stream), so the best of 20 is at most its inertia
      expect(kmeans(points, 7, { seed, restarts: 20 }).inertia).toBeLessThanOrEqual(
        kmeans(points, 7, { seed, restarts: 1 }).inertia,
      );
    }
  });

  it("survives duplicate points (empty clusters are re-seeded) with inertia 0", () => {
    const pts = [[0], [0], [0], [0], [1], [1], [1]];
    const r = kmeans(pts, 3, { seed: 0, restarts: 3 });
    expect(r.inertia).toBe(0);
    expect(Array.from(r.labels).every((l) => l >= 0 && l < 3)).toBe(true);
  });
});

describe("clusterBySilhouette", () => {
  it("recovers 4 planted clusters in 6-D, labelled in Yang's order, deterministically", () => {
    const { points, truth } = blobs(3);
    const r = clusterBySilhouette(points, { seed: 1, kMax: 10 });
    expect(r.k).toBe(4);
    expect(Object.keys(r.silhouette).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Math.max(...Object.values(r.silhouette))).toBe(r.silhouette[4]);
    // clusters sorted by their top feature (0, 1, 3, 5) → planted cluster c gets label c exactly
    expect(Array.from(r.labels)).toEqual(truth);
    expect(clusterBySilhouette(points, { seed: 1, kMax: 10 })).toEqual(r);
  });

  it("tries k = kMin … min(kMax, n − 1) only", () => {
    const r = clusterBySilhouette([[0], [1], [10], [11]], { seed: 0 });
    expect(Object.keys(r.silhouette).map(Number)).toEqual([2, 3]);
    expect(r.k).toBe(2);
    expect(r.silhouette[2]).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 14);
    expect(Object.keys(clusterBySilhouette(blobs(1).points, { seed: 0, kMin: 3, kMax: 5 }).silhouette)).toEqual([
      "3",
      "4",
      "5",
    ]);
  });

  it("fewer than 3 points: one cluster, all labels 0, no scores", () => {
    expect(clusterBySilhouette([[1], [2]], { seed: 0 })).toEqual({ k: 1, labels: new Int32Array(2), silhouette: {} });
    expect(clusterBySilhouette([[1, 2, 3]], { seed: 0 })).toEqual({ k: 1, labels: new Int32Array(1), silhouette: {} });
    expect(clusterBySilhouette([], { seed: 0 })).toEqual({ k: 0, labels: new Int32Array(0), silhouette: {} });
  });
});

describe("orderClusters (Yang's order)", () => {
  it("sorts clusters by top task, then size (desc), then old label", () => {
    // old 0: top task 2; old 1: top task 0, 1 member; old 2: top task 0, 2 members; old 3: top task 0, 1 member
    const pts = [
      [0, 0, 1],
      [1, 0, 0],
      [0.9, 0.5, 0],
      [1, 0.2, 0],
      [0.8, 0, 0.1],
    ];
    const labels = Int32Array.from([0, 1, 2, 2, 3]);
    // order: old 2 (task 0, size 2), old 1 (task 0, size 1), old 3 (task 0, size 1, higher old label), old 0 (task 2)
    expect(Array.from(orderClusters(pts, labels, 4))).toEqual([3, 1, 0, 0, 2]);
  });

  it("the top task is the largest SUM over members, not the largest single value", () => {
    // cluster A (old label 1): [0.6, 1], [0.6, 0] → sums [1.2, 1] → top task 0 (its largest single value is task 1)
    // cluster B (old label 0): [0.5, 0] → top task 0, smaller → A first. By single values B would come first.
    const pts = [
      [0.6, 1],
      [0.6, 0],
      [0.5, 0],
    ];
    expect(Array.from(orderClusters(pts, Int32Array.from([1, 1, 0]), 2))).toEqual([0, 0, 1]);
  });
});
