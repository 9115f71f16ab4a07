// The shuffle_metrics kernel against its plain-TS reference, bit for bit, on 1–3 threads and both builds; and the
// baselines it gives are the plain metrics' (observed) with calibrated p-values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterSpread, isolatedFraction } from "../../src/analysis/anatomy.js";
import { shuffleBaselines, shuffleSeries, shuffleSeriesReference } from "../../src/analysis/shuffle-engine.js";
import { createEngine, type Engine } from "../../src/index.js";
import { Rng } from "../../src/tasks/rng.js";
import { pointPositions, positionsOf, type Geometry } from "../../src/model/geometry.js";

function randomLabels(n: number, k: number, pUnimportant: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  return new Int32Array(n).map(() => (rng.uniform() < pUnimportant ? -1 : rng.int(k)));
}

describe("shuffle_metrics kernel", () => {
  const engines: Engine[] = [];
  beforeAll(async () => {
    for (const [threads, build] of [
      [1, "portable"],
      [2, "relaxed"],
      [3, "portable"],
    ] as const)
      engines.push(await createEngine({ threads, build }));
  });
  afterAll(async () => Promise.all(engines.map((e) => e.close())));

  it("equals the reference bit for bit on every thread count (grids, a line, edge cases)", () => {
    const cases: [Int32Array, Geometry][] = [
      [randomLabels(400, 6, 0.7, 1), { kind: "grid", rows: 20, cols: 20 }],
      [randomLabels(63, 3, 0.2, 2), { kind: "grid", rows: 7, cols: 9 }],
      [randomLabels(50, 4, 0.3, 3), { kind: "line", n: 50 }],
      [new Int32Array(16).fill(-1), { kind: "grid", rows: 4, cols: 4 }], // nothing important
      [new Int32Array(9).fill(0), { kind: "grid", rows: 3, cols: 3 }], // one cluster
    ];
    for (const [labels, geometry] of cases) {
      const g = positionsOf(geometry);
      const want = shuffleSeriesReference(labels, g, 257, 99);
      for (const e of engines) expect(shuffleSeries(e, labels, g, 257, 99)).toEqual(want);
    }
  });

  it("user points: the kernel equals the reference in 1D and 2D; 3D runs the reference; series = plain metrics for one cluster", () => {
    const rng = new Rng(11);
    const ring = Array.from({ length: 40 }, (_, i) => [Math.cos(i / 6.4), Math.sin(i / 6.4)]).flat();
    const layouts = [
      pointPositions(ring, 2, "l1"),
      pointPositions(
        Array.from({ length: 30 }, (_, i) => i * i * 0.1),
        1,
        "euclidean",
      ),
      pointPositions(
        Array.from({ length: 3 * 45 }, () => rng.uniform()),
        3,
        "euclidean",
      ),
    ];
    for (const g of layouts) {
      const labels = randomLabels(g.n, 4, 0.3, g.n);
      const want = shuffleSeriesReference(labels, g, 129, 5);
      for (const e of engines) expect(shuffleSeries(e, labels, g, 129, 5)).toEqual(want);
      // shuffles differ from each other; with one cluster every shuffle is the observed labelling
      expect(new Set(Array.from(want)).size).toBeGreaterThan(2);
      const one = labels.map((l) => (l < 0 ? -1 : 0));
      const s = shuffleSeries(engines[1], one, g, 5, 1);
      for (let i = 0; i < 5; i++) {
        expect(s[2 * i]).toBeCloseTo(isolatedFraction(one, g), 12);
        expect(s[2 * i + 1]).toBeCloseTo(clusterSpread(one, g), 12);
      }
    }
  });

  it("each shuffle is a permutation of the labels: the same metrics as the plain functions on that labelling", () => {
    // with one cluster every permutation is the identity labelling
    const labels = new Int32Array(25).map((_, i) => (i % 3 === 0 ? -1 : 0));
    const g = positionsOf({ kind: "grid", rows: 5, cols: 5 });
    const s = shuffleSeries(engines[1], labels, g, 10, 1);
    for (let i = 0; i < 10; i++) {
      expect(s[2 * i]).toBeCloseTo(isolatedFraction(labels, g), 12);
      expect(s[2 * i + 1]).toBeCloseTo(clusterSpread(labels, g), 12);
    }
  });

  it("baselines: observed = the plain metric; p = 1/10001 for four quadrants; ≈ uniform p for random labels", () => {
    const g = positionsOf({ kind: "grid", rows: 20, cols: 20 });
    const quad = new Int32Array(400).map((_, i) => 2 * (Math.floor(i / 20) >= 10 ? 1 : 0) + (i % 20 >= 10 ? 1 : 0));
    const b = shuffleBaselines(engines[1], quad, g, { shuffles: 10_000, seed: 5 });
    expect(b.isolatedFraction.observed).toBe(isolatedFraction(quad, g));
    expect(b.clusterSpread.observed).toBeCloseTo(clusterSpread(quad, g), 12);
    expect(b.isolatedFraction.p).toBeCloseTo(1 / 10001, 12);
    expect(b.clusterSpread.p).toBeCloseTo(1 / 10001, 12);
    const ps: number[] = [];
    for (let t = 0; t < 150; t++)
      ps.push(
        shuffleBaselines(
          engines[1],
          randomLabels(100, 4, 0.4, 100 + t),
          positionsOf({ kind: "grid", rows: 10, cols: 10 }),
          { shuffles: 300, seed: t },
        ).isolatedFraction.p,
      );
    const mean = ps.reduce((a, x) => a + x, 0) / ps.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.62);
  });
});
