// The paper network's shared numbers (src/model/paper.ts) agree with the places that define them independently: the Yang20 suite's sizes, the training presets' noise, the synthetic workload.
import { describe, expect, it } from "vitest";
import { PAPER_DIMS, PAPER_GRID, PAPER_LOSS, PAPER_NETWORK, RECURRENT_NOISE_STD } from "../../src/model/paper.js";
import { gridPositions } from "../../src/model/geometry.js";

import { paperBatch, paperParams, paperProblem } from "../../src/model/synthetic.js";
import { DEFAULTS, PRESETS } from "../../src/train/config.js";
import { N_CLASSES, RING } from "../../src/tasks/spec.js";
import { YANG20 } from "../../src/tasks/yang20.js";

describe("the paper's numbers", () => {
  it("PAPER_DIMS are the Yang20 suite's input and output sizes and the grid's neuron count", () => {
    expect(PAPER_DIMS).toEqual({ nInput: YANG20.nInput, nHidden: PAPER_GRID.n, nOutput: YANG20.nOutput });
    expect(PAPER_DIMS).toEqual({ nInput: 53, nHidden: 400, nOutput: 17 });
    expect(N_CLASSES).toBe(1 + RING);
    expect(PAPER_NETWORK).toEqual({ ...PAPER_DIMS, positions: gridPositions(20, 20), activation: "relu" });
  });

  it("RECURRENT_NOISE_STD is the paper presets' recurrent noise, √2·0.05 to four digits (seRNN's has none)", () => {
    expect(RECURRENT_NOISE_STD).toBe(Number((Math.SQRT2 * 0.05).toFixed(4)));
    expect(DEFAULTS.noise.recurrent).toBe(RECURRENT_NOISE_STD);
    for (const name of ["paper", "quick"] as const)
      expect(PRESETS[name].noise.recurrent, name).toBe(RECURRENT_NOISE_STD);
    expect(PRESETS.sernn.noise.recurrent).toBe(0); // Keras' SimpleRNN has no recurrent noise
    expect(PAPER_LOSS).toEqual({ lambda: DEFAULTS.lambda, A: DEFAULTS.A, noiseStd: RECURRENT_NOISE_STD });
  });

  it("the synthetic workload is paper-sized by default", () => {
    const p = paperParams(1),
      b = paperBatch(3, 2, 1);
    expect([p.W_in.length, p.W.length, p.W_out.length]).toEqual([400 * 53, 400 * 400, 17 * 400]);
    expect(b.inputs.length).toBe(3 * 2 * 53);
    expect(Math.max(...b.labels)).toBeLessThan(17);
    expect(paperProblem({ T: 3, B: 2, seed: 1 }).options).toEqual({
      activation: "relu",
      positions: gridPositions(20, 20),
      lambda: 1e-5,
      A: 1,
      noiseStd: 0.0707,
      seed: 1,
    });
  });
});
