// Checks the reference hidden-neuron swap: Δ by closed form = brute force = all pairs, and function preservation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMatrix, gridPositions } from "../../src/model/geometry.js";
import { connectionCostWithD, referenceForward } from "../../src/model/reference.js";
import {
  applySwapReference,
  swapDeltaAllPairs,
  swapDeltaBruteForce,
  swapDeltaClosedForm,
} from "../../src/model/swap-reference.js";
import type { Params } from "../../src/model/types.js";
import { ACTIVATIONS, expectClose, problemArb, propertyConfig } from "../helpers/arbitraries.js";

function zeroParams(nu: number, nh: number, no: number): Params {
  return {
    W_in: new Float32Array(nh * nu),
    W: new Float32Array(nh * nh),
    b_h: new Float32Array(nh),
    W_out: new Float32Array(no * nh),
    b_o: new Float32Array(no),
  };
}

describe("docs/spec.md §8 example 9: 2×2 grid, only W[0][3] = 1", () => {
  const params = zeroParams(1, 4, 2);
  params.W[0 * 4 + 3] = 1;
  const grid = gridPositions(2, 2);
  const D = distanceMatrix(grid);

  for (const A of [1, 2.5]) {
    it(`A = ${A}: swap 0↔2 gives −0.5·A, swap 1↔2 gives 0, all three ways`, () => {
      expect(D[0 * 4 + 3]).toBe(1);
      expect(D[2 * 4 + 3]).toBe(0.5);
      expect(swapDeltaBruteForce(params, grid, A, 0, 2)).toBeCloseTo(-0.5 * A, 15);
      expect(swapDeltaClosedForm(params.W, 4, D, A, 0, 2)).toBeCloseTo(-0.5 * A, 15);
      expect(swapDeltaBruteForce(params, grid, A, 1, 2)).toBe(0);
      expect(swapDeltaClosedForm(params.W, 4, D, A, 1, 2)).toBe(0);
      const all = swapDeltaAllPairs(params.W, 4, D, A);
      expect(all[0 * 4 + 2]).toBeCloseTo(-0.5 * A, 15);
      expect(all[2 * 4 + 0]).toBeCloseTo(-0.5 * A, 15);
      expect(all[1 * 4 + 2]).toBe(0);
      // After the swap the weight runs from cell 3 to cell 2.
      const swapped = applySwapReference(params, 0, 2);
      expect(
        Array.from(swapped.W)
          .map((w, i) => (w !== 0 ? i : -1))
          .filter((i) => i >= 0),
      ).toEqual([2 * 4 + 3]);
    });
  }
});

describe("applySwapReference", () => {
  it("moves rows/columns of W, rows of W_in, b_h entries and W_out columns; leaves b_o", () => {
    const nu = 2,
      nh = 3,
      no = 2;
    const p = zeroParams(nu, nh, no);
    p.W.set([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    p.W_in.set([10, 11, 20, 21, 30, 31]);
    p.b_h.set([100, 200, 300]);
    p.W_out.set([1000, 2000, 3000, 4000, 5000, 6000]);
    p.b_o.set([-1, -2]);
    const s = applySwapReference(p, 0, 2);
    expect(Array.from(s.W)).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(Array.from(s.W_in)).toEqual([30, 31, 20, 21, 10, 11]);
    expect(Array.from(s.b_h)).toEqual([300, 200, 100]);
    expect(Array.from(s.W_out)).toEqual([3000, 2000, 1000, 6000, 5000, 4000]);
    expect(Array.from(s.b_o)).toEqual([-1, -2]);
    // Swapping twice is the identity; swapping j with itself changes nothing.
    expect(applySwapReference(s, 0, 2)).toEqual(applySwapReference(p, 1, 1));
    expect(() => applySwapReference(p, 0, 3)).toThrow(/k: expected a neuron index in 0..2, got 3/);
  });
});

describe("swap deltas on random problems", () => {
  it("closed form = brute force = all pairs for every (j, k)", () => {
    fc.assert(
      fc.property(problemArb({ minAbs: 0, nHidden: { min: 1, max: 16 }, noise: "never" }), (pr) => {
        const n = pr.dims.nHidden;
        const D = distanceMatrix(pr.positions);
        const all = swapDeltaAllPairs(pr.params.W, n, D, pr.A);
        // Brute force subtracts two totals, so it carries rounding of the order of eps·ℓ_cc.
        const scale = connectionCostWithD(pr.params, D, pr.A);
        const exact = { rtol: 1e-9, atol: 1e-14 * (1 + scale) };
        const brute = { rtol: 1e-9, atol: 1e-12 * (1 + scale) };
        for (let j = 0; j < n; j++) {
          for (let k = 0; k < n; k++) {
            const closed = swapDeltaClosedForm(pr.params.W, n, D, pr.A, j, k);
            const label = `positions n ${pr.positions.n} d ${pr.positions.d} ${pr.positions.metric} A ${pr.A} (j,k) = (${j},${k})`;
            expectClose(all[j * n + k], closed, exact, `${label} all-pairs vs closed form`);
            expectClose(
              swapDeltaBruteForce(pr.params, pr.positions, pr.A, j, k),
              closed,
              brute,
              `${label} brute force vs closed form`,
            );
            expectClose(all[k * n + j], all[j * n + k], exact, `${label} symmetry`);
          }
          expect(all[j * n + j]).toBe(0);
        }
        if (pr.A === 0) expect(all.every((x) => x === 0)).toBe(true);
      }),
      propertyConfig(200),
    );
  });

  it("a swap leaves logits and task loss unchanged, for every activation (noise permuted with the neurons)", () => {
    fc.assert(
      fc.property(
        problemArb({ minAbs: 0 }),
        fc.constantFrom(...ACTIVATIONS),
        fc.nat(),
        fc.nat(),
        (pr, activation, jr, kr) => {
          const n = pr.dims.nHidden;
          const j = jr % n,
            k = kr % n;
          const swapped = applySwapReference(pr.params, j, k);
          let noise2: Float64Array | undefined;
          if (pr.noise !== undefined) {
            noise2 = pr.noise.slice();
            for (let r = 0; r < pr.dims.T * pr.dims.B; r++) {
              noise2[r * n + j] = pr.noise[r * n + k];
              noise2[r * n + k] = pr.noise[r * n + j];
            }
          }
          const before = referenceForward(pr.params, pr.batch, pr.dims, { activation, noise: pr.noise });
          const after = referenceForward(swapped, pr.batch, pr.dims, { activation, noise: noise2 });
          const tol = { rtol: 1e-12, atol: 1e-12 };
          expectClose(after.logits, before.logits, tol, `${activation} swap ${j}↔${k} logits`);
          expectClose(after.taskLoss, before.taskLoss, tol, `${activation} swap ${j}↔${k} taskLoss`);
          // Hidden states move with their neurons.
          for (let r = 0; r < pr.dims.T * pr.dims.B; r++) {
            expectClose(after.h[r * n + j], before.h[r * n + k], tol, `h[${r}, ${j}]`);
          }
        },
      ),
      propertyConfig(200),
    );
  });
});
