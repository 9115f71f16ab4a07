// Isolated fraction, cluster spread and the label-shuffle baseline (docs/spec.md §5.3–§5.5, §6.14, §8 example 10) on
// hand-made labellings of grid cells (−1 = unimportant).
import { describe, expect, it } from "vitest";
import { clusterSpread, isolatedFraction, shuffleBaseline, type Metric } from "../../src/analysis/anatomy.js";
import { Rng } from "../../src/tasks/rng.js";
import { gridPositions as grid, linePositions as line } from "../../src/model/geometry.js";
const labelsOf = (rows: (number | null)[][]) => Int32Array.from(rows.flat().map((x) => (x === null ? -1 : x)));
/** 20×20 in four 10×10 quadrant blocks, labels 0…3. */
const quadrants = () =>
  new Int32Array(400).map((_, i) => 2 * (Math.floor(i / 20) >= 10 ? 1 : 0) + (i % 20 >= 10 ? 1 : 0));

describe("isolatedFraction", () => {
  it("docs/spec.md §8 ex. 10: [[a,a,b],[a,c,b],[−,−,b]] → 1/7 (only c is isolated)", () => {
    expect(
      isolatedFraction(
        labelsOf([
          [0, 0, 1],
          [0, 2, 1],
          [null, null, 1],
        ]),
        grid(3, 3),
      ),
    ).toBeCloseTo(1 / 7, 15);
  });

  it("diagonal neighbours count (Moore neighbourhood); unimportant cells never match; no wrap-around", () => {
    expect(
      isolatedFraction(
        labelsOf([
          [0, null],
          [null, 0],
        ]),
        grid(2, 2),
      ),
    ).toBe(0); // diagonal pair
    expect(
      isolatedFraction(
        labelsOf([
          [0, null, null],
          [null, null, 0],
        ]),
        grid(2, 3),
      ),
    ).toBe(1); // two cells apart
    expect(isolatedFraction(labelsOf([[0, 1, 1, 0]]), grid(1, 4))).toBe(1 / 2); // the 0s at both ends do not wrap
    expect(isolatedFraction(new Int32Array(9).fill(-1), grid(3, 3))).toBe(0); // nothing important
  });

  it("four quadrants: none isolated; checkerboards: all isolated", () => {
    expect(isolatedFraction(quadrants(), grid(20, 20))).toBe(0);
    // a full grid needs four colours so that diagonal neighbours differ too
    const four = new Int32Array(400).map((_, i) => 2 * (Math.floor(i / 20) % 2) + (i % 2));
    expect(isolatedFraction(four, grid(20, 20))).toBe(1);
    // two colours alternating on a sparse lattice (important cells on even rows and columns)
    const sparse = new Int32Array(400).fill(-1);
    for (let r = 0; r < 20; r += 2) for (let c = 0; c < 20; c += 2) sparse[r * 20 + c] = ((r + c) / 2) % 2;
    expect(isolatedFraction(sparse, grid(20, 20))).toBe(1);
  });

  it("1D: neighbours are i − 1 and i + 1 only", () => {
    // the 2s at 7 and 9 are separated by an unimportant cell → 2 of 8 isolated
    expect(isolatedFraction(Int32Array.from([0, 0, 0, 1, 1, 1, -1, 2, -1, 2]), line(10))).toBe(2 / 8);
    expect(isolatedFraction(Int32Array.from([0, 1, 0, 1]), line(4))).toBe(1);
    expect(isolatedFraction(Int32Array.from([0, 1, 1, 0]), line(4))).toBe(1 / 2);
  });

  it("labels must cover the geometry", () => {
    expect(() => isolatedFraction(new Int32Array(8), grid(3, 3))).toThrow(/8 labels for 9 cells/);
    expect(() => clusterSpread(new Int32Array(5), line(4))).toThrow(/5 labels for 4 cells/);
  });
});

describe("clusterSpread", () => {
  it("mean over clusters (unweighted) of var(row) + var(col), population variance, grid units", () => {
    // cluster 0 at (0,0),(0,2): var(col) = 1; cluster 1 at (1,1) alone: 0 → (1 + 0)/2
    expect(
      clusterSpread(
        labelsOf([
          [0, null, 0],
          [null, 1, null],
        ]),
        grid(2, 3),
      ),
    ).toBe(0.5);
    // cluster 0 at (0,0),(2,2),(0,2),(2,0): var(row) = var(col) = 1 → 2; cluster 1 at (1,1),(1,2): var(col) = 1/4
    // → (2 + 1/4)/2, unweighted although cluster 0 has twice the members
    expect(
      clusterSpread(
        labelsOf([
          [0, null, 0],
          [null, 1, 1],
          [0, null, 0],
        ]),
        grid(3, 3),
      ),
    ).toBe(1.125);
  });

  it("four 10×10 quadrants: each var(0…9) + var(0…9) = 2 · 99/12", () => {
    expect(clusterSpread(quadrants(), grid(20, 20))).toBeCloseTo(16.5, 12);
  });

  it("1D: variance of the indices", () => {
    // {0,1,2}: 2/3; {3,4,5}: 2/3; {7,9}: 1 → 7/9
    expect(clusterSpread(Int32Array.from([0, 0, 0, 1, 1, 1, -1, 2, -1, 2]), line(10))).toBeCloseTo(7 / 9, 15);
    expect(clusterSpread(Int32Array.from([0, -1, 0, 1]), line(4))).toBe(0.5);
    expect(clusterSpread(new Int32Array(4).fill(-1), line(4))).toBe(0);
  });
});

describe("shuffleBaseline", () => {
  it("four quadrants: below every shuffle → p = 1/10001, z < −5, histogram of all shuffles", () => {
    for (const metric of [isolatedFraction, clusterSpread]) {
      const b = shuffleBaseline(quadrants(), grid(20, 20), metric, { shuffles: 10_000, seed: 1 });
      expect(b.observed).toBe(metric(quadrants(), grid(20, 20)));
      expect(b.p).toBe(1 / 10001);
      expect(b.z).toBeLessThan(-5);
      expect(b.shuffles).toBe(10_000);
      expect(b.histogram.counts.length).toBe(40);
      expect(b.histogram.counts.reduce((a, c) => a + c, 0)).toBe(10_000);
      expect(b.histogram.min).toBeLessThanOrEqual(b.observed);
      expect(b.histogram.max).toBeGreaterThan(b.mean);
    }
  });

  it("a modular line (4 blocks of 25) is also far below its shuffles", () => {
    const lab = new Int32Array(100).map((_, i) => Math.floor(i / 25));
    for (const metric of [isolatedFraction, clusterSpread]) {
      const b = shuffleBaseline(lab, line(100), metric, { shuffles: 2000, seed: 4, bins: 10 });
      expect(b.p).toBe(1 / 2001);
      expect(b.histogram.counts.length).toBe(10);
    }
  });

  it("when every shuffle equals the observed value: p = 1, s.d. 0, z = 0", () => {
    // two adjacent important cells with different labels: every arrangement isolates both
    const b = shuffleBaseline(Int32Array.from([0, 1, -1]), line(3), isolatedFraction, { shuffles: 50, seed: 0 });
    expect([b.observed, b.mean, b.std, b.z, b.p]).toEqual([1, 1, 0, 0, 1]);
    // one cluster: shuffling changes nothing
    const one = shuffleBaseline(
      new Int32Array(25).map((_, i) => (i % 3 ? 0 : -1)),
      grid(5, 5),
      clusterSpread,
      { shuffles: 50, seed: 0 },
    );
    expect(one.std).toBe(0);
    expect(one.p).toBe(1);
  });

  it("random labellings give p ≈ uniform (200 labellings × 500 shuffles)", () => {
    // isolatedFraction takes few values, so ties (counted as ≤ observed) push the mean of p a little above 1/2
    for (const metric of [isolatedFraction, clusterSpread]) {
      const rng = new Rng(6);
      const ps: number[] = [];
      for (let t = 0; t < 200; t++) {
        const lab = new Int32Array(64).map(() => (rng.uniform() < 0.3 ? -1 : rng.int(3)));
        ps.push(shuffleBaseline(lab, grid(8, 8), metric, { shuffles: 500, seed: 1000 + t }).p);
      }
      const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
      expect(mean).toBeGreaterThan(0.4);
      expect(mean).toBeLessThan(0.6);
      const low = ps.filter((p) => p < 0.1).length / ps.length;
      expect(low).toBeGreaterThan(0.03);
      expect(low).toBeLessThan(0.2);
    }
  });

  it("is deterministic by seed; the fast paths equal the plain metric on every shuffle", () => {
    const rng = new Rng(9);
    const lab = new Int32Array(64).map(() => (rng.uniform() < 0.3 ? -1 : rng.int(3)));
    for (const metric of [isolatedFraction, clusterSpread]) {
      const fast = shuffleBaseline(lab, grid(8, 8), metric, { shuffles: 300, seed: 3 });
      expect(shuffleBaseline(lab, grid(8, 8), metric, { shuffles: 300, seed: 3 })).toEqual(fast);
      expect(shuffleBaseline(lab, grid(8, 8), metric, { shuffles: 300, seed: 4 })).not.toEqual(fast);
      // a wrapper is not recognised as a built-in metric, so it takes the generic path with the same shuffles
      const wrapped: Metric = (l, g) => metric(l, g);
      const slow = shuffleBaseline(lab, grid(8, 8), wrapped, { shuffles: 300, seed: 3 });
      expect(slow.observed).toBeCloseTo(fast.observed, 12);
      expect(slow.mean).toBeCloseTo(fast.mean, 12);
      expect(slow.std).toBeCloseTo(fast.std, 12);
      expect(slow.p).toBe(fast.p);
    }
  });

  // Speed is measured in bench/, not asserted here: this checks the paper-sized case gives a well-formed baseline.
  it("10,000 shuffles of 300 important neurons on 20×20 give a complete, consistent baseline", () => {
    const rng = new Rng(2);
    const lab = new Int32Array(400).fill(-1);
    const cells = Array.from({ length: 400 }, (_, i) => i);
    for (let i = 399; i > 0; i--) {
      const j = rng.int(i + 1);
      [cells[i], cells[j]] = [cells[j], cells[i]];
    }
    for (let q = 0; q < 300; q++) lab[cells[q]] = rng.int(8);
    for (const metric of [isolatedFraction, clusterSpread]) {
      const b = shuffleBaseline(lab, grid(20, 20), metric, { shuffles: 10_000, seed: 0 });
      expect(b.observed).toBe(metric(lab, grid(20, 20)));
      expect(b.histogram.counts.reduce((x, y) => x + y, 0)).toBe(10_000);
      expect(b.p).toBeGreaterThan(0);
      expect(b.p).toBeLessThanOrEqual(1);
    }
  });
});
