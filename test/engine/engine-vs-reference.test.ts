// The wasm engine against the float64 reference: loss, ℓ_cc and every gradient, over generated problems, on both
// builds and 1 and 2 threads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEngine, type Engine } from "../../src/index.js";
import { referenceLossAndGradients } from "../../src/model/reference.js";
import { PARAM_NAMES } from "../../src/model/types.js";
import { expectClose, problemArb, propertyConfig } from "../helpers/arbitraries.js";
import { gridPositions } from "../../src/model/geometry.js";
import { PAPER_DIMS, PAPER_NETWORK } from "../../src/model/paper.js";

const configs = [
  { build: "portable", threads: 1 },
  { build: "portable", threads: 2 },
  { build: "relaxed", threads: 1 },
  { build: "relaxed", threads: 2 },
] as const;

for (const cfg of configs) {
  describe(`engine vs reference (${cfg.build}, ${cfg.threads} thread${cfg.threads > 1 ? "s" : ""})`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await createEngine(cfg);
    });
    afterAll(() => engine.close());

    it("runs the requested build", () => {
      expect(engine.build).toBe(cfg.build);
      expect(engine.threads).toBe(cfg.threads);
    });

    it("matches loss, connection cost and all gradients to f32 tolerance", () => {
      fc.assert(
        fc.property(
          problemArb({ noise: "never", minAbs: 0 }),
          fc.integer({ min: 0, max: 1000 }),
          fc.boolean(),
          (p, seed, withNoise) => {
            const { T, B, ...dims } = p.dims;
            const net = engine.network({ ...dims, positions: p.positions, activation: p.activation });
            try {
              const noiseStd = withNoise ? 0.1 : 0;
              const noise = withNoise ? net.sampleNoise(T, B, noiseStd, seed) : undefined;
              net.setParams(p.params);
              const r = net.lossAndGradients({ ...p.batch, B }, { lambda: p.lambda, A: p.A, noiseStd, seed });
              const ref = referenceLossAndGradients(p.params, p.batch, p.dims, {
                activation: p.activation,
                positions: p.positions,
                lambda: p.lambda,
                A: p.A,
                noise,
              });
              expect(r.taskLoss).toBeCloseTo(ref.taskLoss, 5);
              expect(Math.abs(r.connectionCost - ref.connectionCost)).toBeLessThan(1e-5 * (1 + ref.connectionCost));
              expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-5 * (1 + Math.abs(ref.loss)));
              const grads = net.getParams("grads");
              for (const name of PARAM_NAMES)
                expectClose(grads[name], ref.grads[name], { rtol: 1e-4, atol: 2e-6 }, name);
            } finally {
              net.dispose();
            }
          },
        ),
        propertyConfig(60),
      );
    });

    it("matches the reference on a paper-sized layer (n_h 400, n_u 53, n_o 17, T 12, B 16)", async () => {
      const { paperProblem } = await import("../../src/model/synthetic.js");
      const p = paperProblem({ T: 12, B: 16, seed: 7 });
      const r = engine.lossAndGradients(p.params, p.batch, p.options);
      const noise = (() => {
        const net = engine.network(PAPER_NETWORK);
        try {
          return net.sampleNoise(12, 16, p.options.noiseStd, p.options.seed);
        } finally {
          net.dispose();
        }
      })();
      const ref = referenceLossAndGradients(
        p.params,
        p.batch,
        { ...PAPER_DIMS, T: 12, B: 16 },
        { ...p.options, noise },
      );
      expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-5 * (1 + Math.abs(ref.loss)));
      for (const name of PARAM_NAMES) expectClose(r.grads[name], ref.grads[name], { rtol: 1e-3, atol: 1e-6 }, name);
    });
  });
}
