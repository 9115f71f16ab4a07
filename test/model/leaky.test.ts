// Leaky units, h_t = (1 − α)·h_{t−1} + α·φ(pre_t): the float64 reference's gradients against central finite
// differences (fast-check, ≥ 200 cases with α < 1, and 200 more at Dale-feasible weights), and the wasm engine
// against the reference on 1, 2 and 3 threads, the same bits on each; α = 1 is bit for bit the network without the
// option.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMatrix } from "../../src/model/geometry.js";
import {
  connectionCostWithD,
  referenceForward,
  referenceLossAndGradients,
  toParams64,
  type ReferenceLossOptions,
} from "../../src/model/reference.js";
import { PARAM_NAMES, type ParamName } from "../../src/model/types.js";
import { expectClose, problemArb, type Problem } from "../helpers/arbitraries.js";
import { daleTypes, projectDale } from "../../src/model/dale.js";
import { useEngines } from "../helpers/engines.js";

const STEP = 1e-5;

function optsOf(pr: Problem, alpha: number): ReferenceLossOptions {
  return { activation: pr.activation, positions: pr.positions, lambda: pr.lambda, A: pr.A, noise: pr.noise, alpha };
}

/**
 * Compares the reference's gradient of every entry of `names` with central differences of its loss; entries where a
 * ReLU pre-activation changes sign within ±STEP (the difference straddles a kink) are skipped. Returns the counts.
 */
function checkAgainstFd(pr: Problem, alpha: number, names: readonly ParamName[]): { checked: number; skipped: number } {
  const opts = optsOf(pr, alpha);
  const res = referenceLossAndGradients(pr.params, pr.batch, pr.dims, opts);
  const D = distanceMatrix(pr.positions);
  const p = toParams64(pr.params);
  const lossAt = () => {
    const f = referenceForward(p, pr.batch, pr.dims, opts);
    return { loss: f.taskLoss + pr.lambda * connectionCostWithD(p, D, pr.A), pre: f.pre };
  };
  const base = lossAt();
  let checked = 0,
    skipped = 0;
  for (const name of names) {
    const arr = p[name];
    for (let i = 0; i < arr.length; i++) {
      const w = arr[i];
      arr[i] = w + STEP;
      const plus = lossAt();
      arr[i] = w - STEP;
      const minus = lossAt();
      arr[i] = w;
      const kink =
        pr.activation === "relu" && base.pre.some((x, k) => x > 0 !== plus.pre[k] > 0 || x > 0 !== minus.pre[k] > 0);
      if (kink) {
        skipped++;
        continue;
      }
      const fd = (plus.loss - minus.loss) / (2 * STEP);
      expectClose(res.grads[name][i], fd, { rtol: 1e-7, atol: 2e-9 }, `${name}[${i}] α ${alpha}`);
      checked++;
    }
  }
  return { checked, skipped };
}

describe("leaky units: reference gradients vs central finite differences", () => {
  it("every parameter entry, α in [0.05, 0.95], all activations (≥ 200 generated problems)", () => {
    let cases = 0,
      checked = 0,
      skipped = 0;
    fc.assert(
      fc.property(problemArb(), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (pr, alpha) => {
        const r = checkAgainstFd(pr, alpha, PARAM_NAMES);
        checked += r.checked;
        skipped += r.skipped;
        cases++;
      }),
      { numRuns: 200, seed: 2301 },
    );
    expect(cases).toBe(200);
    expect(skipped).toBeLessThan(0.02 * checked);
  });

  it("Dale masks: at sign-feasible weights (projected, types from a seed), with α < 1, the gradient is still exact (≥ 200 cases)", () => {
    let cases = 0;
    fc.assert(
      fc.property(
        problemArb(),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.nat(),
        fc.boolean(),
        (pr0, alpha, seed, readout) => {
          const n = pr0.dims.nHidden;
          const types = daleTypes(n, 0.8, seed);
          const W = Float32Array.from(pr0.params.W),
            Wout = Float32Array.from(pr0.params.W_out);
          projectDale(W, n, types, readout ? Wout : undefined);
          // Keep every weight off the kink of |w| (the projection makes exact zeros; FD across 0 is not a derivative).
          for (const M of [W, Wout]) for (let k = 0; k < M.length; k++) if (M[k] === 0) M[k] = types[k % n] * 2e-3;
          const pr = { ...pr0, params: { ...pr0.params, W, W_out: Wout } };
          expect(projectDale(W.slice(), n, types, readout ? Wout.slice() : undefined)).toBe(0);
          checkAgainstFd(pr, alpha, ["W", "W_out"]);
          cases++;
        },
      ),
      { numRuns: 200, seed: 2302 },
    );
    expect(cases).toBe(200);
  });

  it("α = 1 is the plain network; α outside (0, 1] is refused", () => {
    fc.assert(
      fc.property(problemArb(), (pr) => {
        const a = referenceLossAndGradients(pr.params, pr.batch, pr.dims, optsOf(pr, 1));
        const { alpha: _, ...plain } = optsOf(pr, 1);
        const b = referenceLossAndGradients(pr.params, pr.batch, pr.dims, plain);
        expect(a.loss).toBe(b.loss);
        for (const name of PARAM_NAMES) expect(Array.from(a.grads[name])).toEqual(Array.from(b.grads[name]));
      }),
      { numRuns: 20, seed: 5 },
    );
    const pr = fc.sample(problemArb(), { numRuns: 1, seed: 3 })[0];
    for (const alpha of [0, -0.5, 1.5, NaN])
      expect(() => referenceForward(pr.params, pr.batch, pr.dims, { activation: "relu", alpha })).toThrow(
        /alpha: .* must be a number in \(0, 1\]/,
      );
  });
});

describe("leaky units: wasm engine vs reference", () => {
  const engines = useEngines(1, 2, 3);

  it("loss and every gradient to f32 tolerance, the same bits on 1, 2 and 3 threads (α < 1)", () => {
    fc.assert(
      fc.property(
        problemArb({ noise: "never", minAbs: 0 }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (p, alpha, seed) => {
          const { T, B, ...dims } = p.dims;
          const results = [1, 2, 3].map((threads) => {
            const net = engines[threads].network({ ...dims, positions: p.positions, activation: p.activation, alpha });
            try {
              net.setParams(p.params);
              const noise = net.sampleNoise(T, B, 0.1, seed);
              const r = net.lossAndGradients({ ...p.batch, B }, { lambda: p.lambda, A: p.A, noiseStd: 0.1, seed });
              return { r, grads: net.getParams("grads"), noise };
            } finally {
              net.dispose();
            }
          });
          const ref = referenceLossAndGradients(p.params, p.batch, p.dims, {
            ...optsOf(p, alpha),
            noise: results[0].noise,
          });
          const [one, two, three] = results;
          expect(Math.abs(one.r.loss - ref.loss)).toBeLessThan(1e-5 * (1 + Math.abs(ref.loss)));
          for (const name of PARAM_NAMES) {
            expectClose(one.grads[name], ref.grads[name], { rtol: 1e-4, atol: 2e-6 }, name);
            expect(two.grads[name]).toEqual(one.grads[name]);
            expect(three.grads[name]).toEqual(one.grads[name]);
          }
          expect(two.r.loss).toBe(one.r.loss);
          expect(three.r.loss).toBe(one.r.loss);
        },
      ),
      { numRuns: 60, seed: 77 },
    );
  });

  it("α = 1 gives the bits of a network without the option, and a bad α is refused by name", () => {
    const p = fc.sample(problemArb({ noise: "never" }), { numRuns: 1, seed: 9 })[0];
    const { T: _T, B, ...dims } = p.dims;
    const run = (alpha?: number) => {
      const net = engines[2].network({ ...dims, positions: p.positions, activation: p.activation, alpha });
      try {
        net.setParams(p.params);
        const r = net.lossAndGradients({ ...p.batch, B }, { lambda: p.lambda, A: p.A, noiseStd: 0.1, seed: 4 });
        return { loss: r.loss, g: net.getParams("grads") };
      } finally {
        net.dispose();
      }
    };
    const a = run(1),
      b = run(undefined);
    expect(a.loss).toBe(b.loss);
    for (const name of PARAM_NAMES) expect(a.g[name]).toEqual(b.g[name]);
    expect(() => engines[1].network({ ...dims, positions: p.positions, activation: "relu", alpha: 0 })).toThrow(
      /alpha: 0 — must be a number in \(0, 1\]/,
    );
  });
});
