// A synthetic, paper-sized workload (docs/spec.md §9 shapes: n_u 53, 20×20 = 400 hidden, n_o 17, ReLU, W = 0.5·I, PyTorch-style
// uniform init) with task-shaped inputs, for the demo, the benchmarks and tests, until the real task suites land.
import { mulberry32 } from "../tasks/rng.js";
import { N_TASK_CHANNELS, RING } from "../tasks/spec.js";
import { paperInit } from "./init.js";
import { PAPER_DIMS, PAPER_LOSS, PAPER_NETWORK, PAPER_RULES } from "./paper.js";
import type { Batch, LossOptions, Params } from "./types.js";

/** Deterministic random parameters of the paper-sized network (or other dims), for demos and benchmarks. */
export function paperParams(
  seed: number,
  nu = PAPER_DIMS.nInput,
  nh = PAPER_DIMS.nHidden,
  no = PAPER_DIMS.nOutput,
): Params {
  return paperInit({ nInput: nu, nHidden: nh, nOutput: no }, mulberry32(seed));
}

/** Inputs shaped like the Yang tasks: fixation ≈ 1, a few ring units active, one rule unit on. */
export function paperBatch(T: number, B: number, seed: number, nu = PAPER_DIMS.nInput, no = PAPER_DIMS.nOutput): Batch {
  const r = mulberry32(seed ^ 0x5bd1e995);
  const inputs = new Float32Array(T * B * nu);
  const labels = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    let rule = Math.floor(r() * PAPER_RULES),
      center = Math.floor(r() * RING),
      left = 5 + Math.floor(r() * 20);
    for (let t = 0; t < T; t++) {
      if (left-- <= 0) {
        rule = Math.floor(r() * PAPER_RULES);
        center = Math.floor(r() * RING);
        left = 5 + Math.floor(r() * 20);
      }
      const row = (t * B + b) * nu;
      const deciding = left < 3;
      inputs[row] = deciding ? 0 : 1;
      if (!deciding && left < 10)
        for (let d = -2; d <= 2; d++) inputs[row + 1 + ((center + d + RING) % RING)] = 0.8 * Math.exp(-0.5 * d * d);
      if (N_TASK_CHANNELS + rule < nu) inputs[row + N_TASK_CHANNELS + rule] = 1;
      labels[t * B + b] = deciding ? 1 + center : 0;
      if (labels[t * B + b] >= no) labels[t * B + b] = 0;
    }
  }
  return { inputs, labels, T, B };
}

export function paperProblem(o: { T: number; B: number; seed: number }): {
  params: Params;
  batch: Batch;
  options: LossOptions;
} {
  return {
    params: paperParams(o.seed),
    batch: paperBatch(o.T, o.B, o.seed),
    options: { activation: PAPER_NETWORK.activation, positions: PAPER_NETWORK.positions, ...PAPER_LOSS, seed: o.seed },
  };
}
