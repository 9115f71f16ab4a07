// Checks the float64 reference's BPTT gradients against central finite differences of its loss.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMatrix, gridPositions, linePositions } from "../../src/model/geometry.js";
import {
  connectionCostWithD,
  inferDims,
  referenceForward,
  referenceLossAndGradients,
  toParams64,
} from "../../src/model/reference.js";
import type { Params64, ParamsLike, ReferenceLossOptions, WindowDims } from "../../src/model/reference.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import type { Activation, Batch, Params } from "../../src/model/types.js";
import { expectClose, problemArb, propertyConfig } from "../helpers/arbitraries.js";
import type { Problem } from "../helpers/arbitraries.js";

/**
 * Finite-difference step. Generated params have |w| ≥ 1e-3, so ±STEP never crosses the kink of |w|.
 * Measured over 1000 generated problems (losses up to ≈ 8), the worst |analytic − FD| was 1e-8 at
 * step 1e-7, 1.3e-9 at 1e-6 and 5e-10 at 1e-5: rounding in the loss (≈ 1e-16·|loss|/STEP) dominates
 * and truncation (≈ STEP²·f''') stays below it, so 1e-5 is the most accurate of these.
 */
const STEP = 1e-5;
/** Tolerance of analytic vs FD: about 15× the worst error measured at STEP over those 1000 problems. */
const TOL = { rtol: 1e-7, atol: 2e-9 };

function lossOf(p: ParamsLike, batch: Batch, dims: WindowDims, opts: ReferenceLossOptions, D: Float64Array) {
  const fwd = referenceForward(p, batch, dims, opts);
  return { loss: fwd.taskLoss + opts.lambda * connectionCostWithD(p, D, opts.A ?? 0), pre: fwd.pre };
}

/** Whether any pre-activation has a different ReLU state (pre > 0) in a and b. */
function reluPatternDiffers(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > 0 !== b[i] > 0) return true;
  return false;
}

interface FdResult {
  fd: Params64;
  /** Entries whose FD is not a derivative (a ReLU pre-activation changes state within ±STEP): NaN in fd. */
  skipped: number;
  checked: number;
}

/**
 * Central differences (L(w+h) − L(w−h)) / 2h of the loss for every parameter entry (or only `only`).
 * ReLU is not differentiable at 0: if perturbing an entry by ±STEP flips the sign of any pre-activation
 * relative to the unperturbed forward, the difference quotient straddles a kink, so that entry is
 * skipped (recorded as NaN) rather than nudged — the analytic gradient there is a one-sided value.
 */
function finiteDifferences(
  params: Params,
  batch: Batch,
  dims: WindowDims,
  opts: ReferenceLossOptions,
  only?: readonly (keyof Params)[],
): FdResult {
  const D = distanceMatrix(opts.positions);
  const p = toParams64(params);
  const base = lossOf(p, batch, dims, opts, D);
  const fd = {} as Params64;
  let skipped = 0;
  let checked = 0;
  for (const name of only ?? PARAM_NAMES) {
    const arr = p[name];
    fd[name] = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
      const w = arr[i];
      arr[i] = w + STEP;
      const plus = lossOf(p, batch, dims, opts, D);
      arr[i] = w - STEP;
      const minus = lossOf(p, batch, dims, opts, D);
      arr[i] = w;
      if (
        opts.activation === "relu" &&
        (reluPatternDiffers(base.pre, plus.pre) || reluPatternDiffers(base.pre, minus.pre))
      ) {
        fd[name][i] = NaN;
        skipped++;
        continue;
      }
      fd[name][i] = (plus.loss - minus.loss) / (2 * STEP);
      checked++;
    }
  }
  return { fd, skipped, checked };
}

/** expectClose of analytic vs FD gradients, leaving out the entries FD skipped (NaN). */
function compareGrads(
  grads: Params64,
  fd: Params64,
  label: string,
  names: readonly (keyof Params)[] = PARAM_NAMES,
): void {
  for (const name of names) {
    const a: number[] = [];
    const e: number[] = [];
    fd[name].forEach((v, i) => {
      if (!Number.isNaN(v)) {
        a.push(grads[name][i]);
        e.push(v);
      }
    });
    expectClose(a, e, TOL, `${label} grad ${name}`);
  }
}

function optsOf(pr: Problem): ReferenceLossOptions {
  return { activation: pr.activation, positions: pr.positions, lambda: pr.lambda, A: pr.A, noise: pr.noise };
}

describe("referenceLossAndGradients vs central finite differences", () => {
  it("matches FD for every parameter entry on random problems (all activations, λ/A zero or not, noise or not)", () => {
    const seen = new Set<string>();
    let skipped = 0;
    let checked = 0;
    fc.assert(
      fc.property(problemArb(), (pr) => {
        const dims = inferDims(pr.params, pr.batch, pr.dims.B);
        expect(dims).toEqual(pr.dims);
        const opts = optsOf(pr);
        const res = referenceLossAndGradients(pr.params, pr.batch, dims, opts);
        const fd = finiteDifferences(pr.params, pr.batch, dims, opts);
        skipped += fd.skipped;
        checked += fd.checked;
        const label = `${pr.activation} dims ${JSON.stringify(pr.dims)} λ ${pr.lambda} A ${pr.A} noise ${pr.noise !== undefined}`;
        compareGrads(res.grads, fd.fd, label);
        const D = distanceMatrix(pr.positions);
        expectClose(res.loss, res.taskLoss + pr.lambda * res.connectionCost, { rtol: 1e-15, atol: 0 }, "loss");
        expectClose(res.connectionCost, connectionCostWithD(pr.params, D, pr.A), { rtol: 1e-15, atol: 0 }, "ℓ_cc");
        seen.add(pr.activation);
        seen.add(pr.lambda === 0 ? "λ=0" : "λ>0");
        seen.add(pr.A === 0 ? "A=0" : "A>0");
        seen.add(pr.noise === undefined ? "no noise" : "noise");
      }),
      propertyConfig(500),
    );
    // The run must have covered every case it claims to, and the ReLU skips must stay rare.
    for (const k of ["relu", "tanh", "softplus", "λ=0", "λ>0", "A=0", "A>0", "no noise", "noise"]) {
      expect(seen.has(k), `case "${k}" generated`).toBe(true);
    }
    expect(skipped / (skipped + checked)).toBeLessThan(0.01);
  });
});

describe("hand-checked cases", () => {
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

  it("1 neuron, 1 step, ReLU: loss and every gradient by hand", () => {
    // u = 1, W_in = 0.5, b_h = 0.25 → pre = h = 0.75; W_out = [1, −1], b_o = [0, 0] → logits [0.75, −0.75];
    // label 0: CE = log(1 + e^{−1.5}); dCE/dlogits = [−q, q] with q = σ(−1.5).
    const params: Params = {
      W_in: Float32Array.of(0.5),
      W: Float32Array.of(0.25),
      b_h: Float32Array.of(0.25),
      W_out: Float32Array.of(1, -1),
      b_o: Float32Array.of(0, 0),
    };
    const batch: Batch = { inputs: Float32Array.of(1), labels: Int32Array.of(0) };
    const dims = { nInput: 1, nHidden: 1, nOutput: 2, T: 1, B: 1 };
    const lambda = 0.1;
    const res = referenceLossAndGradients(params, batch, dims, {
      activation: "relu",
      positions: linePositions(1),
      lambda,
      A: 3,
    });
    const q = sigmoid(-1.5);
    const ce = Math.log(1 + Math.exp(-1.5));
    const cc = 0.5 + 0.25 + 0.25 + 1 + 1 + 0 + 0; // D = 0 for a single neuron: A has no effect
    expectClose(res.taskLoss, ce, { rtol: 1e-15, atol: 0 }, "taskLoss");
    expectClose(res.connectionCost, cc, { rtol: 1e-15, atol: 0 }, "ℓ_cc");
    expectClose(res.loss, ce + lambda * cc, { rtol: 1e-15, atol: 0 }, "loss");
    const tol = { rtol: 1e-14, atol: 1e-16 };
    expectClose(res.grads.b_o, [-q, q], tol, "b_o"); // sign(0) = 0: no L1 term
    expectClose(res.grads.W_out, [-q * 0.75 + lambda, q * 0.75 - lambda], tol, "W_out");
    expectClose(res.grads.b_h, [-2 * q + lambda], tol, "b_h"); // dh = 1·(−q) + (−1)·q
    expectClose(res.grads.W_in, [-2 * q * 1 + lambda], tol, "W_in");
    expectClose(res.grads.W, [0 + lambda], tol, "W"); // h_0 = 0: only the L1 term
  });

  it("1 neuron, 3 steps, ReLU in its linear region: dW accumulates over steps (by hand)", () => {
    // h1 = a·u1 + c, h2 = w·h1 + a·u2 + c, h3 = w·h2 + a·u3 + c (all > 0). o_t = [v·h_t, 0], label 0.
    // L = (1/3) Σ_t log(1 + e^{−v h_t}); g_t = ∂L/∂h_t directly = −v·σ(−v h_t)/3.
    // dL/dh3 = g3, dL/dh2 = g2 + w·g3, dL/dw = (g2 + w·g3)·h1 + g3·h2.
    const a = 0.7,
      c = 0.1,
      w = 0.6,
      v = 1.3;
    const u = [1, 0.5, -0.25];
    const params: Params = {
      W_in: Float32Array.of(a),
      W: Float32Array.of(w),
      b_h: Float32Array.of(c),
      W_out: Float32Array.of(v, 0),
      b_o: Float32Array.of(0, 0),
    };
    const batch: Batch = { inputs: Float32Array.from(u), labels: Int32Array.of(0, 0, 0) };
    const dims = { nInput: 1, nHidden: 1, nOutput: 2, T: 3, B: 1 };
    const A32 = Math.fround(a),
      c32 = Math.fround(c),
      w32 = Math.fround(w),
      v32 = Math.fround(v);
    const h1 = A32 * u[0] + c32;
    const h2 = w32 * h1 + A32 * u[1] + c32;
    const h3 = w32 * h2 + A32 * u[2] + c32;
    expect(Math.min(h1, h2, h3)).toBeGreaterThan(0);
    const g = [h1, h2, h3].map((h) => (-v32 * sigmoid(-v32 * h)) / 3);
    const res = referenceLossAndGradients(params, batch, dims, {
      activation: "relu",
      positions: linePositions(1),
      lambda: 0,
      A: 0,
    });
    const fwd = referenceForward(params, batch, dims, { activation: "relu" });
    expectClose(fwd.h, [h1, h2, h3], { rtol: 1e-15, atol: 0 }, "h");
    const dW = (g[1] + w32 * g[2]) * h1 + g[2] * h2;
    expectClose(res.grads.W, [dW], { rtol: 1e-13, atol: 0 }, "dW");
    // The single-step term alone (what a non-accumulating BPTT would give) differs.
    expect(Math.abs(res.grads.W[0] - g[2] * h2)).toBeGreaterThan(1e-3);
    // dL/db_h: every step's dpre (dL/dh1 + dL/dh2 + dL/dh3).
    const dh3 = g[2],
      dh2 = g[1] + w32 * dh3,
      dh1 = g[0] + w32 * dh2;
    expectClose(res.grads.b_h, [dh1 + dh2 + dh3], { rtol: 1e-13, atol: 0 }, "db_h");
  });

  const activations: Activation[] = ["relu", "tanh", "softplus"];
  for (const activation of activations) {
    it(`${activation}: dW over T = 5 steps, B = 2 matches FD (gradient accumulates across steps)`, () => {
      const pr = fc.sample(
        problemArb({
          nHidden: { min: 4, max: 4 },
          T: { min: 5, max: 5 },
          B: { min: 2, max: 2 },
          activations: [activation],
        }),
        { numRuns: 1, seed: 1234 },
      )[0];
      const opts = optsOf(pr);
      const res = referenceLossAndGradients(pr.params, pr.batch, pr.dims, opts);
      const fd = finiteDifferences(pr.params, pr.batch, pr.dims, opts, ["W"]);
      expect(fd.checked).toBeGreaterThan(12);
      compareGrads(res.grads, fd.fd, `${activation} T=5`, ["W"]);
      // And the later steps do contribute: dW of the same problem cut to its first step differs.
      const one = { ...pr.dims, T: 1 };
      const batch1: Batch = {
        inputs: pr.batch.inputs.subarray(0, pr.dims.B * pr.dims.nInput),
        labels: pr.batch.labels.subarray(0, pr.dims.B),
      };
      const res1 = referenceLossAndGradients(pr.params, batch1, one, {
        ...opts,
        noise: pr.noise?.subarray(0, pr.dims.B * pr.dims.nHidden),
      });
      expect(res1.grads.W.some((x, i) => Math.abs(x - res.grads.W[i]) > 1e-6)).toBe(true);
    });
  }
});

describe("shape validation", () => {
  const params: Params = {
    W_in: new Float32Array(6),
    W: new Float32Array(9),
    b_h: new Float32Array(3),
    W_out: new Float32Array(6),
    b_o: new Float32Array(2),
  };
  const batch: Batch = { inputs: new Float32Array(2 * 2 * 2), labels: new Int32Array(4) };
  const dims = { nInput: 2, nHidden: 3, nOutput: 2, T: 2, B: 2 };

  it("accepts consistent shapes and infers dims", () => {
    expect(inferDims(params, batch, 2)).toEqual(dims);
    expect(() => referenceForward(params, batch, dims, { activation: "tanh" })).not.toThrow();
  });
  it("names the tensor, expected and actual size", () => {
    expect(() => referenceForward({ ...params, W: new Float32Array(8) }, batch, dims, { activation: "tanh" })).toThrow(
      /params\.W: expected 9 values \[3, 3\], got 8/,
    );
    expect(() =>
      referenceForward(params, { ...batch, inputs: new Float32Array(7) }, dims, { activation: "tanh" }),
    ).toThrow(/inputs: expected 8 elements .*got 7/);
    expect(() => referenceForward(params, batch, dims, { activation: "tanh", noise: new Float64Array(5) })).toThrow(
      /noise: expected 12 elements .*got 5/,
    );
    expect(() =>
      referenceForward(params, { ...batch, labels: Int32Array.of(0, 1, 2, 0) }, dims, { activation: "tanh" }),
    ).toThrow(/labels\[2\]/);
    expect(() =>
      referenceLossAndGradients(params, batch, dims, {
        activation: "tanh",
        positions: gridPositions(2, 2),
        lambda: 0,
        A: 0,
      }),
    ).toThrow(/positions: hold 4 neurons, expected nHidden = 3/);
  });
});
