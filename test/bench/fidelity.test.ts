// The exact permutation test of bench/fidelity.ts (the p values of docs/results.md's fidelity section).
import { describe, expect, it } from "vitest";
import { permutationTest } from "../../bench/fidelity.js";

describe("permutationTest", () => {
  it("{1,2,3} vs {4,5,6}: only the observed split and its mirror reach |Δmean| 3, so p = 2/20", () => {
    expect(permutationTest([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.1, 12);
  });
  it("identical groups give p = 1; a single-element arm counts all n placements", () => {
    expect(permutationTest([2, 2], [2, 2, 2])).toBe(1);
    // {0} vs {1, 2, 3}: |Δ| = 2. Alone vs the rest: 0 → 2, 1 → 2/3, 2 → 2/3, 3 → 2; so 2 of 4.
    expect(permutationTest([0], [1, 2, 3])).toBeCloseTo(2 / 4, 12);
  });
  it("is symmetric in its two arguments and matches a brute-force enumeration over bit masks", () => {
    const a = [0.3, -1.2, 2.5, 0.7],
      b = [1.1, 3.4, 2.2, 4.0, 2.9];
    const all = [...a, ...b];
    const obs = Math.abs(a.reduce((s, x) => s + x, 0) / 4 - b.reduce((s, x) => s + x, 0) / 5);
    let hits = 0,
      count = 0;
    for (let m = 0; m < 1 << 9; m++) {
      const inA = all.filter((_, i) => m & (1 << i));
      if (inA.length !== 4) continue;
      const inB = all.filter((_, i) => !(m & (1 << i)));
      const d = Math.abs(inA.reduce((s, x) => s + x, 0) / 4 - inB.reduce((s, x) => s + x, 0) / 5);
      count++;
      if (d >= obs - 1e-12) hits++;
    }
    expect(count).toBe(126);
    expect(permutationTest(a, b)).toBeCloseTo(hits / count, 12);
    expect(permutationTest(b, a)).toBeCloseTo(hits / count, 12);
    expect(hits / count).toBeLessThan(0.1);
  });
});
