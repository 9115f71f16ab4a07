// The typed configuration of a training run: its fields, the lists that define its choices, and the presets
// (docs/spec.md §6, §9). Validation lives in config-schema.ts; command-line flags in src/cli/config-flags.ts.
import { CONFIG_SUITE_NAMES } from "../tasks/registry.js";
import { PERFORMANCE_RULES } from "../tasks/evaluate.js";
import { STREAM_MODES } from "../tasks/generate.js";
import { ACTIVATIONS } from "../model/types.js";
import { BUILD_CHOICES } from "../engine/kernels.js";
import type { Geometry } from "../model/geometry.js";
import { INITS } from "./init.js";

export { formatGeometry, hiddenCount, MAX_HIDDEN, type Geometry } from "../model/geometry.js";

/**
 * Connection costs a run can use: BIMT's distance-weighted L1, plain L1 (A = 0), none (λ = 0), seRNN's
 * communicability-weighted wiring cost (sernn: λ is seRNN's γ; A = 0, no swaps), or a user-supplied ConnectionCost
 * (custom: named by `cost`, passed to the Trainer in code; A = 0).
 */
export const REGULARIZERS = ["bimt", "l1", "none", "sernn", "custom"] as const;
/** How swap candidates are chosen: BIMT's top-k rounds, or greedy best-first. */
export const SWAP_MODES = ["bimt", "greedy"] as const;

/** λ multiplied by factor[i] (cumulatively) from step ⌊steps·at[i]⌋ on (docs/spec.md §1.4). */
export type LambdaSchedule = { kind: "constant" } | { kind: "phases"; at: number[]; factor: number[] };

/** Every setting of a training run (config.json holds one; resolveConfig and validateConfig make them). */
export interface TrainConfig {
  /** A built-in suite, or "custom": a user-defined suite supplied as an object (its task names are in `tasks`). */
  suite: (typeof CONFIG_SUITE_NAMES)[number];
  /** Subset of the suite's task names (checked against the suite by the caller); null = all. For "custom": all its task names, in rule order. */
  tasks: string[] | null;
  geometry: Geometry;
  activation: (typeof ACTIVATIONS)[number];
  /**
   * Leak α of the hidden units, h_t = (1 − α)·h_{t−1} + α·φ(·), α = dt/τ (Yang et al. 2019 use 0.2); absent or 1 =
   * no leak, the paper's network.
   */
  alpha?: number;
  /**
   * Dale's law (absent = off): a fraction `excitatory` of the hidden neurons send only positive recurrent weights,
   * the rest only negative ones; `readout` applies the same signs to W_out. Enforced by projection after every step.
   */
  dale?: { excitatory: number; readout: boolean };
  /**
   * seRNN's cost (reg "sernn") only: the exact gradient, through the exponential, on every `every`-th step (steps 1,
   * 1 + every, …), and on the others the gradient with C held constant (C ⊙ D ⊙ sign W, ≈ 3× cheaper). Absent = 1:
   * exact every step.
   */
  sernnEvery?: number;
  /** Initial parameters: "paper" (absent: W = 0.5·I, PyTorch Linear defaults) or "orthogonal" (seRNN's Keras defaults). */
  init?: (typeof INITS)[number];
  /** Adam steps. */
  steps: number;
  batch: number;
  /** Window length T in steps. */
  window: number;
  lr: number;
  /** Global gradient-norm clip; 0 = no clipping. */
  clip: number;
  reg: (typeof REGULARIZERS)[number];
  /**
   * reg "custom" only (and required there): the name of the user-supplied ConnectionCost the run trains with. The
   * config cannot hold the cost's code, so resuming the run needs the same cost passed again.
   */
  cost?: string;
  lambda: number;
  A: number;
  lambdaSchedule: LambdaSchedule;
  /** Neuron swaps; they happen only when reg = "bimt" (or a custom cost that asks for them). maxSwaps caps the greedy mode. */
  swap: {
    every: number;
    mode: (typeof SWAP_MODES)[number];
    topK: number;
    maxSwaps: number;
    permuteMoments: boolean;
    /** A swap is taken only when its Δ < −threshold (absent = 0: any decrease). */
    threshold?: number;
  };
  /** Recurrent noise std; input = the tasks' own input noise. */
  noise: { recurrent: number; input: boolean };
  stream: (typeof STREAM_MODES)[number];
  /**
   * Trials per task of a fixed trial pool, input noise frozen in each (a pre-generated dataset, as neurogym-style
   * training code uses); absent or 0 = every trial generated fresh (docs/spec.md §6.8).
   */
  trialPool?: number;
  /** trials = per task. */
  eval: { every: number; trials: number; rule: (typeof PERFORMANCE_RULES)[number] };
  log: { every: number };
  checkpoint: { every: number };
  seed: number;
  /** 0 = all cores. */
  threads: number;
  build: (typeof BUILD_CHOICES)[number];
}

/** BIMT's three-phase λ schedule: ×10 at 25 %, ×0.1 at 75 %; also accepted as the string "bimt". */
export const BIMT_SCHEDULE = { kind: "phases", at: [0.25, 0.75], factor: [10, 0.1] } as const;

/** The paper's run (docs/spec.md §9). */
const PAPER: TrainConfig = {
  suite: "yang20",
  tasks: null,
  geometry: { kind: "grid", rows: 20, cols: 20 },
  activation: "relu",
  steps: 40000,
  batch: 16,
  window: 100,
  lr: 1e-3,
  clip: 1,
  reg: "bimt",
  lambda: 1e-5,
  A: 1,
  lambdaSchedule: { kind: "constant" },
  swap: { every: 200, mode: "bimt", topK: 40, maxSwaps: 1000, permuteMoments: true },
  noise: { recurrent: 0.0707, input: true }, // √2·0.05, as everywhere else in gyrus
  stream: "continuous",
  eval: { every: 200, trials: 200, rule: "last-step" },
  log: { every: 50 },
  checkpoint: { every: 1000 },
  seed: 0,
  threads: 0,
  build: "auto",
};

/**
 * A short run with locality already visible (its wall time is in docs/training.md): the paper's grid, batch, window
 * and A, a 5th of its steps, and a 10× stronger λ so the wiring cost acts within that budget.
 */
const QUICK: TrainConfig = {
  ...PAPER,
  steps: 8000,
  lambda: 1e-4,
  swap: { ...PAPER.swap, every: 100 },
  eval: { ...PAPER.eval, every: 1000, trials: 50 },
  log: { every: 50 },
  checkpoint: { every: 500 },
};

/**
 * seRNN's demo setting (docs/wiring-costs.md): their maze task, 100 ReLU units on a 5×5×4 lattice, orthogonal
 * init, the communicability cost at γ 0.3 (their earlier demo; the current one uses 0.5), Adam 1e-3 without
 * clipping, batch 128, 10 epochs of 40 batches (400 steps), one trial per window, no recurrent noise (Keras'
 * SimpleRNN has none; the input noise σ 0.05 is the task's).
 */
const SERNN: TrainConfig = {
  ...PAPER,
  suite: "sernn-maze",
  geometry: { kind: "lattice", x: 5, y: 5, z: 4, metric: "euclidean" },
  init: "orthogonal",
  steps: 400,
  batch: 128,
  window: 50,
  lr: 1e-3,
  clip: 0,
  reg: "sernn",
  lambda: 0.3,
  A: 0,
  swap: { ...PAPER.swap, topK: 40 },
  noise: { recurrent: 0, input: true },
  eval: { every: 40, trials: 256, rule: "last-step" },
  log: { every: 10 },
  checkpoint: { every: 40 },
};

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object") for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

/** The named presets: `paper` (the paper's recipe, the default), `quick` (a short run) and `sernn` (seRNN's demo). */
export const PRESETS: Readonly<Record<"quick" | "paper" | "sernn", TrainConfig>> = deepFreeze({
  quick: QUICK,
  paper: PAPER,
  sernn: SERNN,
});
/** The configuration a run gets when nothing is given: the paper preset. */
export const DEFAULTS: TrainConfig = PRESETS.paper;
