// seRNN's cost on the engine (src/engine/sernn-engine.ts: the Taylor/Fréchet recursion on the wasm GEMM kernels, in
// float32) against the float64 reference, on 1, 2 and 3 threads with the same bits on each; sizes with GEMM
// remainder tails and several vector blocks, 1D/2D/3D positions, a neuron that sends nothing, and norms that need
// squarings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMatrix, latticePositions } from "../../src/model/geometry.js";
import { communicability, sernnCost, sernnGradient, sernnValue } from "../../src/model/sernn-cost.js";
import { positionsFor } from "../helpers/arbitraries.js";
import { useEngines } from "../helpers/engines.js";
import type { Positions } from "../../src/model/geometry.js";

describe("seRNN cost on the engine", () => {
  const engines = useEngines(1, 2, 3);

  function onEngine(threads: number, positions: Positions, W: Float32Array, lambda: number) {
    const n = positions.n;
    const net = engines[threads].network({ nInput: 2, nHidden: n, nOutput: 2, positions, activation: "relu" });
    try {
      const p = net.getParams();
      p.W.set(W);
      net.setParams(p);
      net.view("grads", "W").fill(0);
      const value = net.connectionCost(lambda, sernnCost());
      return { value, grad: net.view("grads", "W").slice() };
    } finally {
      net.dispose();
    }
  }

  it("value and gradient to f32 tolerance of the float64 reference, the same bits on 1, 2 and 3 threads", () => {
    let cases = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(3, 7, 16, 33),
        fc.nat({ max: 50 }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.nat(),
        fc.boolean(),
        (n, layout, size, seed, silent) => {
          const all = positionsFor(n);
          const positions = all[layout % all.length];
          let r = seed + 1;
          const W = Float32Array.from({ length: n * n }, () => {
            r = (Math.imul(r, 1664525) + 1013904223) >>> 0;
            return ((r / 2 ** 32) * 2 - 1) * size;
          });
          if (silent) for (let i = 0; i < n; i++) W[i * n + (seed % n)] = 0;
          const D = Float64Array.from(distanceMatrix(positions), (x) => Math.fround(x));
          const c = communicability(W, n);
          const refValue = sernnValue(c, D);
          const ref = new Float64Array(n * n);
          sernnGradient(c, W, D, ref, 0.7);
          const [one, two, three] = [1, 2, 3].map((t) => onEngine(t, positions, W, 0.7));
          expect(Math.abs(one.value - refValue)).toBeLessThan(1e-4 * Math.abs(refValue) + 1e-6);
          const big = ref.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
          // float32 through 18 Taylor steps and the squarings: measured ≤ 3e-5 of the largest entry over these cases.
          for (let k = 0; k < n * n; k++) expect(Math.abs(one.grad[k] - ref[k])).toBeLessThan(1e-4 * big + 1e-6);
          expect(two.grad).toEqual(one.grad);
          expect(three.grad).toEqual(one.grad);
          expect(two.value).toBe(one.value);
          expect(three.value).toBe(one.value);
          cases++;
        },
      ),
      { numRuns: 40, seed: 31 },
    );
    expect(cases).toBe(40);
  });

  it("the direct gradient (C held constant) matches the reference's, the same bits on 1, 2 and 3 threads", () => {
    const p = latticePositions(4, 3, 2);
    const n = 24;
    const W = Float32Array.from({ length: n * n }, (_, k) => Math.cos(k * 1.3) * 0.4);
    const D = Float64Array.from(distanceMatrix(p), (x) => Math.fround(x));
    const ref = new Float64Array(n * n);
    sernnGradient(communicability(W, n), W, D, ref, 0.7, undefined, true);
    const grads = [1, 2, 3].map((threads) => {
      const net = engines[threads].network({ nInput: 2, nHidden: n, nOutput: 2, positions: p, activation: "relu" });
      try {
        const q = net.getParams();
        q.W.set(W);
        net.setParams(q);
        net.view("grads", "W").fill(0);
        net.connectionCost(0.7, sernnCost(), "direct");
        return net.view("grads", "W").slice();
      } finally {
        net.dispose();
      }
    });
    const big = ref.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    for (let k = 0; k < n * n; k++) expect(Math.abs(grads[0][k] - ref[k])).toBeLessThan(1e-4 * big);
    expect(grads[1]).toEqual(grads[0]);
    expect(grads[2]).toEqual(grads[0]);
    // It is not the exact gradient (the path through C is left out).
    const exact = new Float64Array(n * n);
    sernnGradient(communicability(W, n), W, D, exact, 0.7);
    expect(exact.some((x, k) => Math.abs(x - ref[k]) > 1e-3 * big)).toBe(true);
  });

  it("λ = 0: the value alone, gradients untouched; the 5×5×4 lattice at seRNN's size", () => {
    const p = latticePositions(5, 5, 4);
    const W = Float32Array.from({ length: 10000 }, (_, k) => Math.sin(k * 0.37) * 0.3);
    const a = onEngine(2, p, W, 0);
    expect(a.grad.every((x) => x === 0)).toBe(true);
    const D = Float64Array.from(distanceMatrix(p), (x) => Math.fround(x));
    const ref = sernnValue(communicability(W, 100), D);
    expect(Math.abs(a.value - ref)).toBeLessThan(2e-5 * ref);
  });
});
