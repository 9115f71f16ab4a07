// The paper network's numbers that several layers share (docs/spec.md §9): its shape, its grid, its loss settings
// and the default recurrent noise. Everything that means one of these imports it from here.
import { N_CLASSES, N_TASK_CHANNELS } from "../tasks/spec.js";
import { gridPositions, type Positions } from "./positions.js";
import type { Activation, Dims } from "./types.js";

/** Standard deviation of the recurrent noise: √2·0.05 to four digits, the value every committed run used. */
export const RECURRENT_NOISE_STD = 0.0707;

/** Rules of the paper's task suite (Yang et al. 2019's 20 tasks, one rule input each). */
export const PAPER_RULES = 20;

/** The paper network's sizes: 33 task channels + 20 rule inputs = 53, 400 hidden, fixation + 16 directions = 17. */
export const PAPER_DIMS: Readonly<Dims> = { nInput: N_TASK_CHANNELS + PAPER_RULES, nHidden: 400, nOutput: N_CLASSES };

/** The paper's 20 × 20 grid of hidden neurons. */
export const PAPER_GRID: Positions = gridPositions(20, 20);

/** The paper network as Engine.network takes it: PAPER_DIMS on PAPER_GRID with ReLU. */
export const PAPER_NETWORK: Readonly<Dims & { positions: Positions; activation: Activation }> = {
  ...PAPER_DIMS,
  positions: PAPER_GRID,
  activation: "relu",
};

/** The paper's connection-cost weights and recurrent noise: λ = 1e-5, A = 1, σ = RECURRENT_NOISE_STD. */
export const PAPER_LOSS = { lambda: 1e-5, A: 1, noiseStd: RECURRENT_NOISE_STD } as const;
