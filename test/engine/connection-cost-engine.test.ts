// The engine with a ConnectionCost: built-ins give the same bits as the classic {lambda, A} options, a user-supplied cost matches its float64 reference and gives the same bits on 1 and 2 threads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Engine } from "../../src/index.js";
import { bimtCost, l1Cost, type ConnectionCost } from "../../src/model/connection-cost.js";
import { distanceMatrix, gridPositions } from "../../src/model/geometry.js";
import { referenceLossAndGradients } from "../../src/model/reference.js";
import { paperBatch, paperParams } from "../../src/model/synthetic.js";
import { mulberry32 } from "../../src/tasks/rng.js";
import { PARAM_NAMES, type Params } from "../../src/model/types.js";
import { expectClose, problemArb, propertyConfig } from "../helpers/arbitraries.js";
import { sqDistCost } from "../helpers/sq-dist-cost.js";
import { useEngines } from "../helpers/engines.js";

interface Run {
  loss: number;
  taskLoss: number;
  connectionCost: number;
  grads: Params;
  after: Params;
  gradNorm: number;
}

function bytesEqual(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Paper-sized parameters with a dense random W (paperParams' W = 0.5·I has no distance cost at all). */
function denseParams(seed: number): Params {
  const p = paperParams(seed),
    r = mulberry32(seed + 100);
  for (let i = 0; i < p.W.length; i++) p.W[i] = (r() - 0.5) * 0.1;
  return p;
}

/** One step on a paper-sized layer: loss and gradients with `cost` options, then clip + Adam. */
function paperStep(engine: Engine, costOpts: { A?: number; cost?: ConnectionCost }, lambda = 1e-3): Run {
  const net = engine.network({
    nInput: 53,
    nHidden: 400,
    nOutput: 17,
    positions: gridPositions(20, 20),
    activation: "relu",
  });
  try {
    net.setParams(denseParams(3));
    const r = net.lossAndGradients(paperBatch(9, 7, 5), { lambda, ...costOpts, noiseStd: 0.05, seed: 11 });
    const grads = net.getParams("grads");
    const { gradNorm } = net.clipAndAdam({ lr: 1e-3, clip: 1 });
    return {
      loss: r.loss,
      taskLoss: r.taskLoss,
      connectionCost: r.connectionCost,
      grads,
      after: net.getParams(),
      gradNorm,
    };
  } finally {
    net.dispose();
  }
}

function expectSameBits(a: Run, b: Run, label: string): void {
  expect(a.loss, `${label}: loss`).toBe(b.loss);
  expect(a.connectionCost, `${label}: connectionCost`).toBe(b.connectionCost);
  expect(a.gradNorm, `${label}: gradNorm`).toBe(b.gradNorm);
  for (const name of PARAM_NAMES) {
    expect(bytesEqual(a.grads[name], b.grads[name]), `${label}: grad ${name}`).toBe(true);
    expect(bytesEqual(a.after[name], b.after[name]), `${label}: params ${name} after Adam`).toBe(true);
  }
}

describe("engine with a ConnectionCost", () => {
  const engines = useEngines(1, 2);

  it("cost: bimtCost(A) gives the same bits as {lambda, A}; l1Cost() as {lambda, A: 0}", () => {
    for (const e of [engines[1], engines[2]]) {
      expectSameBits(paperStep(e, { cost: bimtCost(1) }), paperStep(e, { A: 1 }), `bimt, ${e.threads} threads`);
      expectSameBits(
        paperStep(e, { cost: bimtCost(2.5) }),
        paperStep(e, { A: 2.5 }),
        `bimt A 2.5, ${e.threads} threads`,
      );
      expectSameBits(paperStep(e, { cost: l1Cost() }), paperStep(e, { A: 0 }), `l1, ${e.threads} threads`);
    }
    // the regularizer is really in play: a different A changes the bits
    expect(paperStep(engines[1], { A: 2.5 }).connectionCost).not.toBe(paperStep(engines[1], { A: 1 }).connectionCost);
  });

  it("Network.connectionCost takes a cost or a number A, with the same result", () => {
    const net = engines[2].network({
      nInput: 53,
      nHidden: 400,
      nOutput: 17,
      positions: gridPositions(20, 20),
      activation: "relu",
    });
    try {
      net.setParams(denseParams(4));
      expect(net.connectionCost(0, bimtCost(1))).toBe(net.connectionCost(0, 1));
      expect(net.connectionCost(0, l1Cost())).toBe(net.connectionCost(0, 0));
      const sq = sqDistCost();
      const p = net.getParams();
      expect(sq.value(p, distance20x20())).toBeGreaterThan(1);
      // the engine evaluates a user cost in float64 on the float32 parameters and the float32 D the kernels use
      expect(net.connectionCost(0, sq)).toBe(sq.value(p, Float64Array.from(distance20x20())));
    } finally {
      net.dispose();
    }
  });

  it("a user-supplied cost matches its float64 reference through engine.lossAndGradients (1 and 2 threads)", () => {
    const cost = sqDistCost();
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        problemArb({ noise: "never", minAbs: 0 }),
        fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        (p, lambda) => {
          const { B } = p.dims;
          const ref = referenceLossAndGradients(p.params, p.batch, p.dims, {
            activation: p.activation,
            positions: p.positions,
            lambda,
            cost,
          });
          for (const engine of [engines[1], engines[2]]) {
            const r = engine.lossAndGradients(
              p.params,
              { ...p.batch, B },
              { activation: p.activation, positions: p.positions, lambda, cost, noiseStd: 0, seed: 1 },
            );
            expect(Math.abs(r.connectionCost - ref.connectionCost)).toBeLessThan(1e-5 * (1 + ref.connectionCost));
            expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-5 * (1 + Math.abs(ref.loss)));
            expect(r.taskLoss).toBeCloseTo(ref.taskLoss, 5);
            for (const name of PARAM_NAMES)
              expectClose(r.grads[name], ref.grads[name], { rtol: 1e-4, atol: 2e-6 }, name);
          }
          if (ref.connectionCost > 0) seen.add("ℓ>0");
        },
      ),
      propertyConfig(40),
    );
    expect(seen.has("ℓ>0")).toBe(true);
  });

  it("the user cost reaches the gradients (and so clipping and Adam): λ·∂ℓ is their difference from λ = 0", () => {
    const cost = sqDistCost();
    const on = paperStep(engines[2], { cost }, 0.1),
      off = paperStep(engines[2], { cost }, 0);
    expect(on.taskLoss).toBe(off.taskLoss);
    expect(on.connectionCost).toBe(off.connectionCost);
    const p = denseParams(3);
    const D = distance20x20();
    const want = Float64Array.from(off.grads.W, (g, i) => g + 0.1 * 2 * D[i] * D[i] * p.W[i]);
    expectClose(on.grads.W, want, { rtol: 1e-6, atol: 1e-9 }, "dW");
    for (const name of ["W_in", "b_h", "W_out", "b_o"] as const)
      expect(bytesEqual(on.grads[name], off.grads[name]), name).toBe(true);
    expect(on.gradNorm).not.toBe(off.gradNorm);
  });

  it("a user-supplied cost gives the same bits on 1 and 2 threads", () => {
    const cost = sqDistCost();
    expectSameBits(paperStep(engines[1], { cost }, 0.05), paperStep(engines[2], { cost }, 0.05), "user cost");
  });

  it("options errors name the field: A with cost, neither, a malformed cost", () => {
    const net = engines[1].network({
      nInput: 53,
      nHidden: 400,
      nOutput: 17,
      positions: gridPositions(20, 20),
      activation: "relu",
    });
    try {
      const batch = paperBatch(3, 2, 1);
      const base = { lambda: 1e-3, noiseStd: 0, seed: 0 };
      expect(() => net.lossAndGradients(batch, { ...base, A: 1, cost: l1Cost() })).toThrow(
        /^A: 1 — not allowed together with cost/,
      );
      expect(() => net.lossAndGradients(batch, base)).toThrow(/^A: undefined — must be a finite number ≥ 0$/);
      const broken = { ...sqDistCost(), name: "" };
      expect(() => net.lossAndGradients(batch, { ...base, cost: broken })).toThrow(
        /^cost\.name: "" — must be a non-empty string$/,
      );
    } finally {
      net.dispose();
    }
  });
});

/** D of the 20×20 grid as the engine stores it (float32). */
function distance20x20(): Float32Array {
  return Float32Array.from(distanceMatrix(gridPositions(20, 20)));
}
