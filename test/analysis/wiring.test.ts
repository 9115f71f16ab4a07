// Active connections, wiring length and |W| by distance (docs/spec.md §5.6, §5.8 Fig. 1f, §6.12) on a hand-made 2×2 grid.
import { describe, expect, it } from "vitest";
import {
  activeConnections,
  weightAtNearestDistances,
  weightByDistance,
  wiringLength,
} from "../../src/analysis/wiring.js";
import { distanceMatrix, gridPositions } from "../../src/model/geometry.js";

// 2×2 grid, D = L1 / 2: cells 0 (0,0), 1 (0,1), 2 (1,0), 3 (1,1). W[i·4 + j] = weight from j to i.
const D = distanceMatrix(gridPositions(2, 2));
function handW(): Float32Array {
  const W = new Float32Array(16);
  W[0 * 4 + 3] = 0.5; // 3 → 0, D 1
  W[1 * 4 + 2] = -0.2; // 2 → 1, D 1
  W[2 * 4 + 0] = 0.05; // 0 → 2, D 0.5
  W[1 * 4 + 1] = 0.9; // self-connection, D 0
  W[3 * 4 + 2] = 0.01; // float32(0.01) < 0.01: not active
  W[2 * 4 + 3] = -0.0099; // not active
  return W;
}

describe("wiring", () => {
  it("counts |w| > 0.01 and sums their lengths; self-connections have length 0", () => {
    expect(activeConnections(handW())).toBe(4);
    expect(wiringLength(handW(), D)).toBeCloseTo(1 + 1 + 0.5 + 0, 12);
    expect(activeConnections(handW(), 0.1)).toBe(3);
    expect(wiringLength(handW(), D, 0.1)).toBeCloseTo(2, 12);
  });

  it("the threshold is strict: |w| equal to it is not active", () => {
    // 0.25 is exact in float32, so this is a true equality test (float32(0.01) is just below 0.01)
    const W = Float32Array.from([0.25, -0.25, 0.2500001, -0.3]);
    expect(activeConnections(W, 0.25)).toBe(2);
    expect(wiringLength(W, Float32Array.from([1, 2, 4, 8]), 0.25)).toBe(12);
    expect(activeConnections(Float32Array.from([Math.fround(0.01), -Math.fround(0.01)]))).toBe(0);
    expect(() => wiringLength(new Float32Array(4), new Float32Array(9))).toThrow(/D 9/);
  });

  it("|W| by distance: bins over [0, max D] with count, mean and max |w|; samples every k-th connection", () => {
    const wd = weightByDistance(handW(), D, 2);
    // D = 0: the 4 diagonal entries; D = 0.5: 8 pairs one step apart; D = 1 (= max D, in the last bin): 4 diagonal pairs
    expect(wd.bins.map((b) => [b.lo, b.hi, b.count])).toEqual([
      [0, 0.5, 4],
      [0.5, 1, 12],
    ]);
    expect(wd.bins[0].meanAbs).toBeCloseTo(0.9 / 4, 7);
    expect(wd.bins[0].maxAbs).toBeCloseTo(0.9, 7);
    expect(wd.bins[1].meanAbs).toBeCloseTo((0.5 + 0.2 + 0.05 + 0.01 + 0.0099) / 12, 7);
    expect(wd.bins[1].maxAbs).toBeCloseTo(0.5, 7);
    expect(wd.samples.length).toBe(16);
    expect(wd.samples[3]).toEqual({ d: 1, w: 0.5 });
    const few = weightByDistance(handW(), D, 2, 5); // every 4th connection: 0, 4, 8, 12
    expect(few.samples.map((s) => s.d)).toEqual([0, 0.5, 0.5, 1]);
  });

  it("at most 3000 samples by default and 30 bins", () => {
    const n = 400;
    const W = new Float32Array(n * n).map((_, i) => ((i * 7919) % 101) / 100 - 0.5);
    const wd = weightByDistance(W, distanceMatrix(gridPositions(20, 20)));
    expect(wd.bins.length).toBe(30);
    expect(wd.bins.reduce((a, b) => a + b.count, 0)).toBe(n * n);
    expect(wd.samples.length).toBeLessThanOrEqual(3000);
    expect(wd.samples.length).toBeGreaterThan(2500);
    expect(wd.bins[29].hi).toBeCloseTo(1.9, 12); // max D on 20×20 = 19/20 + 19/20
  });

  it("|W| at the nearest exact distances: self, one step, two steps, with counts", () => {
    const near = weightAtNearestDistances(handW(), D, 4);
    expect(near.map((e) => [e.d, e.count])).toEqual([
      [0, 4],
      [0.5, 8],
      [1, 4],
    ]); // only three distinct distances on 2×2
    expect(near[0].meanAbs).toBeCloseTo(0.9 / 4, 7);
    expect(near[1].meanAbs).toBeCloseTo((0.05 + 0.01 + 0.0099) / 8, 7); // 0 → 2, 2 → 3, 3 → 2

    expect(near[2].meanAbs).toBeCloseTo((0.5 + 0.2) / 4, 7); // the two diagonal connections
    // 20×20: one grid step is 1/20; the sums of ratios that make D agree to 1e-9, so every distance lands in one group
    const W = new Float32Array(400 * 400).fill(1);
    const big = weightAtNearestDistances(W, distanceMatrix(gridPositions(20, 20)), 3);
    expect(big.map((e) => e.d)).toEqual([0, 0.05, 0.1]);
    expect(big.map((e) => e.count).slice(0, 2)).toEqual([400, 2 * 2 * 20 * 19]);
    expect(big[2].count).toBe(2 * 2 * 20 * 18 + 4 * 19 * 19); // two steps in a line, or one step along each axis
    expect(() => weightAtNearestDistances(new Float32Array(4), new Float32Array(9))).toThrow(/D 9/);
  });
});
