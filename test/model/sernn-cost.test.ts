// seRNN's communicability cost (src/model/sernn-cost.ts) and the matrix exponential under it (src/model/expm.ts):
// closed forms, the Fréchet derivative and the cost's gradient against central finite differences in float64
// (fast-check: ≥ 200 generated cases over sizes, 1D/2D/3D positions and all-zero rows and columns).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expmFrechet, matmul } from "../../src/model/expm.js";
import { distanceMatrix, latticePositions } from "../../src/model/geometry.js";
import { zerosLike } from "../../src/model/reference.js";
import { communicability, sernnCost, sernnGradient, sernnValue } from "../../src/model/sernn-cost.js";
import { positionsFor } from "../helpers/arbitraries.js";

const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe("expm", () => {
  it("closed forms: diagonal, nilpotent, rotation, and a matrix that needs scaling", () => {
    const d = expmFrechet(Float64Array.of(5, 0, 0, -3), 2).E;
    expect(d[0]).toBeCloseTo(Math.exp(5), 9);
    expect(d[3] / Math.exp(-3)).toBeCloseTo(1, 14);
    expect(Array.from(expmFrechet(Float64Array.of(0, 1, 0, 0), 2).E)).toEqual([1, 1, 0, 1]);
    const t = 2.5;
    const r = expmFrechet(Float64Array.of(0, -t, t, 0), 2).E;
    for (const [got, want] of [
      [r[0], Math.cos(t)],
      [r[1], -Math.sin(t)],
      [r[2], Math.sin(t)],
      [r[3], Math.cos(t)],
    ])
      expect(Math.abs(got - want)).toBeLessThan(1e-14);
    // [[a, b], [0, a]] → e^a [[1, b], [0, 1]], with a norm of 14 (4 squarings).
    const u = expmFrechet(Float64Array.of(4, 10, 0, 4), 2).E;
    expect(u[1] / (Math.exp(4) * 10)).toBeCloseTo(1, 13);
    expect(u[2]).toBe(0);
  });

  it("e^X e^{−X} = I and the Fréchet derivative matches central differences (fast-check, float64)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }),
              fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
            ),
          ),
        ([n, x, g]) => {
          const X = Float64Array.from(x),
            G = Float64Array.from(g);
          const { E, L } = expmFrechet(X, n, G);
          const Einv = expmFrechet(
            X.map((v) => -v),
            n,
          ).E;
          const I = matmul(E, Einv, n);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++)
              expect(Math.abs(I[i * n + j] - (i === j ? 1 : 0))).toBeLessThan(1e-9 * maxAbs(E) * maxAbs(Einv) + 1e-12);
          const h = 1e-6;
          const Ep = expmFrechet(
            X.map((v, i) => v + h * G[i]),
            n,
          ).E;
          const Em = expmFrechet(
            X.map((v, i) => v - h * G[i]),
            n,
          ).E;
          const scale = maxAbs(L!) + maxAbs(E) * 1e-3;
          for (let i = 0; i < n * n; i++)
            expect(Math.abs((Ep[i] - Em[i]) / (2 * h) - L![i])).toBeLessThan(1e-6 * scale);
        },
      ),
      { numRuns: 200, seed: 20261208 },
    );
  });
});

/** ℓ at W (a fresh communicability). */
function lossAt(W: Float64Array, n: number, D: Float64Array): number {
  return sernnValue(communicability(W, n), D);
}

describe("seRNN communicability cost", () => {
  it("by hand on 2 neurons: ℓ = |w12|·C12·D12 + |w21|·C21·D21 with C = expm(N|W|N) off the diagonal", () => {
    const W = Float64Array.of(0.5, -0.2, 0.3, 0.1);
    const D = Float64Array.of(0, 2, 2, 0);
    const c = communicability(W, 2);
    // s = column sums of |W|: (0.8, 0.3); M = N|W|N.
    const inv = [1 / Math.sqrt(0.8 + 1e-4), 1 / Math.sqrt(0.3 + 1e-4)];
    expect(c.M[1]).toBeCloseTo(inv[0] * 0.2 * inv[1], 15);
    expect(c.C[0]).toBe(0);
    expect(c.C[3]).toBe(0);
    expect(sernnValue(c, D)).toBeCloseTo(0.2 * c.C[1] * 2 + 0.3 * c.C[2] * 2, 15);
  });

  it("gradient = central finite differences (fast-check ≥ 200 cases: sizes 2–7, 1D/2D/3D positions, zero rows and columns)", () => {
    let cases = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            layout: fc.nat({ max: 100 }),
            w: fc.array(
              fc.oneof(
                fc.double({ min: 0.05, max: 1.5, noNaN: true }),
                fc.double({ min: -1.5, max: -0.05, noNaN: true }),
              ),
              { minLength: n * n, maxLength: n * n },
            ),
            zeroRow: fc.option(fc.nat({ max: n - 1 })),
            zeroCol: fc.option(fc.nat({ max: n - 1 })),
            scale: fc.double({ min: 0.1, max: 2, noNaN: true }),
          }),
        ),
        ({ n, layout, w, zeroRow, zeroCol, scale }) => {
          const layouts = positionsFor(n);
          const D = distanceMatrix(layouts[layout % layouts.length]);
          const W = Float64Array.from(w);
          if (zeroRow !== null) for (let j = 0; j < n; j++) W[zeroRow * n + j] = 0;
          if (zeroCol !== null) for (let i = 0; i < n; i++) W[i * n + zeroCol] = 0;
          const g = new Float64Array(n * n);
          const c = communicability(W, n);
          sernnGradient(c, W, D, g, scale);
          expect(Number.isFinite(sernnValue(c, D))).toBe(true);
          const h = 1e-6;
          const big = maxAbs(g) + 1e-9;
          for (let i = 0; i < n * n; i++) {
            const p = W.slice(),
              m = W.slice();
            p[i] += h;
            m[i] -= h;
            const fd = (scale * (lossAt(p, n, D) - lossAt(m, n, D))) / (2 * h);
            expect(Number.isFinite(g[i])).toBe(true);
            expect(Math.abs(fd - g[i])).toBeLessThan(1e-5 * big + 1e-7);
          }
          cases++;
        },
      ),
      { numRuns: 220, seed: 8 },
    );
    expect(cases).toBeGreaterThanOrEqual(200);
  });

  it("a neuron that sends nothing (an all-zero column) gives finite values; ε is what keeps them so", () => {
    const n = 4;
    const W = Float64Array.from({ length: n * n }, (_, i) => ((i * 7) % 5) / 5 - 0.4);
    for (let i = 0; i < n; i++) W[i * n + 2] = 0;
    const D = distanceMatrix(latticePositions(2, 2, 1));
    const cost = sernnCost();
    const params = {
      W_in: new Float64Array(0),
      W,
      b_h: new Float64Array(n),
      W_out: new Float64Array(0),
      b_o: new Float64Array(0),
    };
    const v = cost.value(params, D);
    const out = zerosLike(params);
    cost.subgradient(params, D, out, 1);
    expect(Number.isFinite(v)).toBe(true);
    expect(out.W.every(Number.isFinite)).toBe(true);
    // Without the guard the strength 0 would divide by zero.
    expect(() => sernnCost({ epsilon: 0 })).toThrow(/epsilon: 0 — must be a finite number > 0/);
    expect(() => sernnCost({ epsilon: NaN })).toThrow(/epsilon/);
  });

  it("the ConnectionCost touches only W, and value/subgradient agree with the functions (and its cache)", () => {
    const n = 5;
    const D = distanceMatrix(latticePositions(5, 1, 1));
    const W = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i + 1));
    const params = {
      W_in: Float64Array.of(1, -2),
      W,
      b_h: new Float64Array(n).fill(1),
      W_out: Float64Array.of(3),
      b_o: Float64Array.of(-1),
    };
    const cost = sernnCost();
    expect(cost.name).toBe("sernn");
    expect(cost.swaps).toBe(false);
    expect(cost.value(params, D)).toBe(sernnValue(communicability(W, n), D));
    const out = zerosLike(params);
    cost.subgradient(params, D, out, 0.5);
    const g = new Float64Array(n * n);
    sernnGradient(communicability(W, n), W, D, g, 0.5);
    expect(Array.from(out.W)).toEqual(Array.from(g));
    for (const name of ["W_in", "b_h", "W_out", "b_o"] as const) expect(out[name].every((x) => x === 0)).toBe(true);
    // A changed W is not served from the cache.
    const W2 = W.map((x) => x * 1.5);
    expect(cost.value({ ...params, W: W2 }, D)).toBe(sernnValue(communicability(W2, n), D));
  });
});
