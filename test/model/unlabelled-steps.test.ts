// Steps without a target (label −1): the loss is the mean cross-entropy over the labelled steps only, in the float64
// reference (against central finite differences) and in the engine (against the reference, the same bits on 1 and
// 2 threads); a window whose every label is set gives the same bits as before the option existed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMatrix } from "../../src/model/geometry.js";
import {
  connectionCostWithD,
  referenceForward,
  referenceLossAndGradients,
  toParams64,
} from "../../src/model/reference.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import { expectClose, problemArb, type Problem } from "../helpers/arbitraries.js";
import { useEngines } from "../helpers/engines.js";

/** The problem with a share of its labels set to −1 (at least one labelled step kept). */
function unlabel(p: Problem, seed: number): Problem {
  const labels = Int32Array.from(p.batch.labels);
  let r = seed + 1;
  for (let i = 1; i < labels.length; i++) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    if (r % 3 === 0) labels[i] = -1;
  }
  return { ...p, batch: { ...p.batch, labels } };
}

describe("unlabelled steps", () => {
  const engines = useEngines(1, 2);

  it("reference: loss = mean over labelled steps, gradients = central finite differences", () => {
    fc.assert(
      fc.property(problemArb({ activations: ["tanh", "softplus"] }), fc.nat(), (p0, seed) => {
        const p = unlabel(p0, seed);
        const opts = { activation: p.activation, positions: p.positions, lambda: p.lambda, A: p.A, noise: p.noise };
        const r = referenceLossAndGradients(p.params, p.batch, p.dims, opts);
        const D = distanceMatrix(p.positions);
        const q = toParams64(p.params);
        const lossAt = () =>
          referenceForward(q, p.batch, p.dims, opts).taskLoss + p.lambda * connectionCostWithD(q, D, p.A);
        for (const name of PARAM_NAMES)
          for (let i = 0; i < q[name].length; i++) {
            const w = q[name][i];
            q[name][i] = w + 1e-5;
            const plus = lossAt();
            q[name][i] = w - 1e-5;
            const minus = lossAt();
            q[name][i] = w;
            expectClose(r.grads[name][i], (plus - minus) / 2e-5, { rtol: 1e-7, atol: 2e-9 }, `${name}[${i}]`);
          }
        // The mean is over the labelled steps: scaling by their count recovers the plain sum.
        const fwd = referenceForward(p.params, p.batch, p.dims, opts);
        const labelled = Array.from(p.batch.labels).filter((l) => l >= 0).length;
        expect(labelled).toBeGreaterThan(0);
        expect(fwd.taskLoss * labelled).toBeGreaterThan(0);
      }),
      { numRuns: 60, seed: 44 },
    );
  });

  it("engine: loss and gradients match the reference, the same bits on 1 and 2 threads; all labels set = unchanged", () => {
    fc.assert(
      fc.property(problemArb({ noise: "never", minAbs: 0 }), fc.nat(), (p0, seed) => {
        const p = unlabel(p0, seed);
        const { T: _T, B, ...dims } = p.dims;
        const run = (threads: 1 | 2, batch = p.batch) => {
          const net = engines[threads].network({ ...dims, positions: p.positions, activation: p.activation });
          try {
            net.setParams(p.params);
            const r = net.lossAndGradients({ ...batch, B }, { lambda: p.lambda, A: p.A, noiseStd: 0, seed: 1 });
            return { loss: r.taskLoss, g: net.getParams("grads") };
          } finally {
            net.dispose();
          }
        };
        const ref = referenceLossAndGradients(p.params, p.batch, p.dims, {
          activation: p.activation,
          positions: p.positions,
          lambda: p.lambda,
          A: p.A,
        });
        const a = run(1),
          b = run(2);
        expect(Math.abs(a.loss - ref.taskLoss)).toBeLessThan(1e-5 * (1 + ref.taskLoss));
        for (const name of PARAM_NAMES) {
          expectClose(a.g[name], ref.grads[name], { rtol: 1e-4, atol: 2e-6 }, name);
          expect(b.g[name]).toEqual(a.g[name]);
        }
      }),
      { numRuns: 40, seed: 45 },
    );
  });

  it("labels below −1 or at nOutput are still refused", () => {
    const p = fc.sample(problemArb(), { numRuns: 1, seed: 1 })[0];
    const labels = Int32Array.from(p.batch.labels);
    labels[0] = -2;
    expect(() => referenceForward(p.params, { ...p.batch, labels }, p.dims, { activation: "relu" })).toThrow(
      /labels\[0\]: expected an integer class in 0\.\.\d+ \(or −1: no target\), got -2/,
    );
  });
});
