// Swaps in the engine: the all-pairs Δ kernel against brute-force recomputation of ℓ_cc for every pair, and an
// applied swap leaves outputs and task loss unchanged while ℓ_cc changes by exactly Δ (to f32 tolerance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEngine, type Engine } from "../../src/index.js";
import { distanceMatrix, gridPositions } from "../../src/model/geometry.js";
import { swapDeltaBruteForce } from "../../src/model/swap-reference.js";
import { applySwapReference } from "../../src/model/swap-reference.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import { expectClose, problemArb, propertyConfig } from "../helpers/arbitraries.js";
import { paperBatch, paperParams } from "../../src/model/synthetic.js";
import { PAPER_NETWORK } from "../../src/model/paper.js";

for (const cfg of [
  { build: "portable", threads: 1 },
  { build: "relaxed", threads: 2 },
] as const) {
  describe(`swaps (${cfg.build}, ${cfg.threads} threads)`, () => {
    let engine: Engine;
    beforeAll(async () => void (engine = await createEngine(cfg)));
    afterAll(() => engine.close());

    it("Δ equals the brute-force change of ℓ_cc for every pair", () => {
      fc.assert(
        fc.property(
          problemArb({ minAbs: 0, nHidden: { min: 1, max: 12 } }),
          fc.double({ min: 0.1, max: 3, noNaN: true }),
          (p, A) => {
            const { T: _T, B: _B, ...dims } = p.dims;
            const net = engine.network({ ...dims, positions: p.positions, activation: p.activation });
            try {
              net.setParams(p.params);
              const n = dims.nHidden,
                delta = net.swapDeltas(A);
              const brute = new Float64Array(n * n);
              for (let j = 0; j < n; j++)
                for (let k = 0; k < n; k++) brute[j * n + k] = swapDeltaBruteForce(p.params, p.positions, A, j, k);
              expectClose(delta, brute, { rtol: 1e-4, atol: 1e-5 }, "Δ");
            } finally {
              net.dispose();
            }
          },
        ),
        propertyConfig(100),
      );
    });

    it("docs/spec.md §8 example 9: 2×2 grid, only W[0][3] = 1: Δ(0↔2) = −0.5·A, Δ(1↔2) = 0", () => {
      const net = engine.network({
        nInput: 1,
        nHidden: 4,
        nOutput: 2,
        positions: gridPositions(2, 2),
        activation: "relu",
      });
      try {
        const W = new Float32Array(16);
        W[0 * 4 + 3] = 1;
        net.setParams({
          W,
          W_in: new Float32Array(4),
          b_h: new Float32Array(4),
          W_out: new Float32Array(8),
          b_o: new Float32Array(2),
        });
        const d = net.swapDeltas(2);
        expect(d[0 * 4 + 2]).toBeCloseTo(-1, 6);
        expect(d[1 * 4 + 2]).toBe(0);
      } finally {
        net.dispose();
      }
    });

    it("a swap moves exactly what the reference moves, in params and both Adam moments", () => {
      const net = engine.network({
        nInput: 3,
        nHidden: 6,
        nOutput: 2,
        positions: gridPositions(2, 3),
        activation: "tanh",
      });
      try {
        const p = paperParams(3, 3, 6, 2);
        for (let i = 0; i < 36; i++) p.W[i] = (i % 7) - 3 + i / 100;
        net.setParams(p);
        net.lossAndGradients(paperBatch(4, 2, 3, 3, 2), { lambda: 1e-3, A: 1, noiseStd: 0, seed: 0 });
        net.clipAndAdam();
        const p0 = net.getParams(),
          m0 = net.getParams("m"),
          v0 = net.getParams("v");
        net.swapNeurons(1, 4);
        const want = applySwapReference(p0, 1, 4),
          wantM = applySwapReference(m0, 1, 4),
          wantV = applySwapReference(v0, 1, 4);
        const p1 = net.getParams(),
          m1 = net.getParams("m"),
          v1 = net.getParams("v");
        for (const name of PARAM_NAMES) {
          expectClose(p1[name], want[name], { rtol: 0, atol: 0 }, `params.${name}`);
          expectClose(m1[name], wantM[name], { rtol: 0, atol: 0 }, `m.${name}`);
          expectClose(v1[name], wantV[name], { rtol: 0, atol: 0 }, `v.${name}`);
        }
        expect(p1.W[1 * 6 + 4]).not.toBe(p0.W[1 * 6 + 4]); // something really moved
        net.swapNeurons(0, 5, { moments: false });
        expectClose(net.getParams("m").W, m1.W, { rtol: 0, atol: 0 }, "moments untouched");
      } finally {
        net.dispose();
      }
    });

    it("applying the best swaps leaves logits and task loss unchanged and changes ℓ_cc by Δ", () => {
      const net = engine.network(PAPER_NETWORK);
      try {
        const p = paperParams(21);
        for (let i = 0; i < p.W.length; i++) p.W[i] += ((i * 2654435761) % 1000) / 1e5 - 0.005; // dense, asymmetric
        net.setParams(p);
        const batch = paperBatch(15, 8, 2);
        const opts = { lambda: 0, A: 1, noiseStd: 0, seed: 0 };
        let before = net.lossAndGradients(batch, opts);
        const logits0 = net.forward(batch).logits;
        for (let round = 0; round < 5; round++) {
          const d = net.swapDeltas(1);
          let best = 0;
          for (let i = 1; i < d.length; i++) if (d[i] < d[best]) best = i;
          const j = Math.floor(best / 400),
            k = best % 400;
          expect(d[best]).toBeLessThan(0);
          net.swapNeurons(j, k);
          const after = net.lossAndGradients(batch, opts);
          // Same function; only the order of the f32 sums over neurons changes.
          expect(Math.abs(after.taskLoss - before.taskLoss)).toBeLessThan(1e-6 * before.taskLoss);
          expect(Math.abs(after.connectionCost - before.connectionCost - d[best])).toBeLessThan(
            2e-3 * Math.abs(d[best]) + 1e-4,
          );
          before = after;
        }
        // The outputs do not depend on where neurons sit (up to the order of f32 sums).
        const logits1 = net.forward(batch).logits;
        expectClose(logits1, logits0, { rtol: 1e-5, atol: 1e-6 }, "logits");
      } finally {
        net.dispose();
      }
    });
  });
}
