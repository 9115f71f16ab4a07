// The BIMT trainer (docs/spec.md §6, §9): task stream → loss and gradients (+ λ·ℓ_cc) → clip → Adam → swap rounds on
// schedule, and evaluation on the suite. Platform-free: files, signals and progress live in run.ts.
import type { Engine } from "../engine/api.js";
import type { ConnectionCost } from "../model/connection-cost.js";
import type { Network } from "../engine/network.js";
import { positionsOf } from "../model/geometry.js";
import type { Params } from "../model/types.js";
import { evaluationBatch, scoreBatch, type PerformanceRule } from "../tasks/evaluate.js";
import { TrainingStream, type StreamState } from "../tasks/generate.js";
import { Rng, STREAMS } from "../tasks/rng.js";
import type { Suite } from "../tasks/spec.js";
import { hiddenCount, type TrainConfig } from "./config.js";
import { swapWeight, trainingCost } from "./cost.js";
import { initParams } from "./init.js";
import { cellSigns, daleTypes, projectDale } from "../model/dale.js";
import { suiteForConfig } from "./suite.js";
import { identityPermutation, isPermutation, swapRound } from "./swaps.js";
import type { LoadedModel } from "./checkpoint.js";

/** λ at 1-based step s: constant, or BIMT's phases — factor i applies from step index ⌊steps·at_i⌋ on (docs/spec.md §1.4). */
export function lambdaAt(config: TrainConfig, s: number): number {
  let lambda = config.reg === "none" ? 0 : config.lambda;
  const sch = config.lambdaSchedule;
  if (sch.kind === "phases") {
    sch.at.forEach((f, i) => {
      if (s - 1 >= Math.floor(config.steps * f)) lambda *= sch.factor[i];
    });
  }
  return lambda;
}

/** Seed of the recurrent noise of step s: a function of (run seed, step) only, so a resumed run draws the same. */
export function noiseSeed(seed: number, s: number): number {
  return new Rng(seed, STREAMS.noise + s).nextU32() | 0;
}

/** What Trainer.trainStep reports: the step, its loss and parts, the gradient norm, λ and the swaps it made. */
export interface StepInfo {
  step: number;
  loss: number;
  taskLoss: number;
  connectionCost: number;
  gradNorm: number;
  lambda: number;
  /** Swaps applied after this step's update (0 when no round was due). */
  swaps: number;
  /** True if a swap round ran after this step. */
  swapRound: boolean;
  /** The smallest |Δ| of this step's applied swaps (Infinity if none): how close a swap came to the threshold. */
  minSwapGain: number;
}

/** One task's accuracy in an Evaluation. */
export interface TaskAccuracy {
  task: string;
  accuracy: number;
  trials: number;
}

/** Per-task accuracy of a model (evaluate(), Trainer.evaluate). */
export interface Evaluation {
  tasks: TaskAccuracy[];
  /** Mean of the per-task accuracies. */
  mean: number;
  noisy: boolean;
  rule: PerformanceRule;
}

/** Everything a checkpoint holds besides the config. */
export interface TrainerSnapshot {
  step: number;
  params: Params;
  m: Params;
  v: Params;
  adamSteps: number;
  perm: Int32Array;
  stream: StreamState;
}

/** A non-finite loss or gradient: the run must stop and keep its last good checkpoint. */
export class DivergedError extends Error {
  constructor(
    readonly step: number,
    what: string,
  ) {
    super(
      `training diverged at step ${step}: ${what} is not finite (try a lower --lr or λ); the last good checkpoint is kept`,
    );
    this.name = "DivergedError";
  }
}

/** Optional parts of a Trainer besides its engine and config. */
export interface TrainerOptions {
  /**
   * A user-supplied connection cost; required when config.reg is "custom" (config.cost = its name, see
   * withCustomCost), not allowed otherwise (the built-ins come from config.reg and A).
   */
  cost?: ConnectionCost;
  /** The user-defined suite of a config with suite "custom" (its task names must equal config.tasks). */
  suite?: Suite;
}

/** A training run step by step on an engine: trainStep, evaluate, snapshot/restore, model; train() drives one. */
export class Trainer {
  readonly suite: Suite;
  readonly net: Network;
  /** Grid cell → neuron id (identity at the start; swaps permute it). */
  readonly perm: Int32Array;
  /** The connection cost λ weighs: from config.reg and A, or the user-supplied one (reg "custom"). */
  readonly cost: ConnectionCost;
  private stream: TrainingStream;
  /** Dale's law: +1 / −1 per neuron id (null = off). */
  readonly daleTypes: Int8Array | null;
  step = 0;

  constructor(
    readonly engine: Engine,
    readonly config: TrainConfig,
    options: TrainerOptions = {},
  ) {
    this.cost = trainingCost(config, options.cost);
    this.suite = suiteForConfig(config, options.suite);
    const nHidden = hiddenCount(config.geometry);
    const dims = { nInput: this.suite.nInput, nHidden, nOutput: this.suite.nOutput };
    this.net = engine.network({
      ...dims,
      positions: positionsOf(config.geometry),
      activation: config.activation,
      alpha: config.alpha ?? 1,
    });
    this.net.setParams(initParams(dims, config.seed, config.init ?? "paper"));
    this.perm = identityPermutation(nHidden);
    this.daleTypes = config.dale ? daleTypes(nHidden, config.dale.excitatory, config.seed) : null;
    this.enforceDale();
    this.stream = this.newStream();
  }

  private newStream(): TrainingStream {
    const c = this.config;
    return new TrainingStream(this.suite, c.batch, c.seed, {
      mode: c.stream,
      noise: c.noise.input,
      pool: c.trialPool ?? 0,
    });
  }

  /** Dale's law: zero every weight of the wrong sign (signs by neuron, through the permutation); returns how many. */
  enforceDale(): number {
    if (!this.daleTypes || !this.config.dale) return 0;
    const sign = cellSigns(this.daleTypes, this.perm);
    const Wout = this.config.dale.readout ? this.net.view("params", "W_out") : undefined;
    return projectDale(this.net.view("params", "W"), this.net.spec.nHidden, sign, Wout);
  }

  get done(): boolean {
    return this.step >= this.config.steps;
  }

  /** One Adam step (and a swap round when due). Throws DivergedError on a non-finite loss or gradient. */
  trainStep(): StepInfo {
    const c = this.config;
    const s = this.step + 1;
    const lambda = lambdaAt(c, s);
    const batch = this.stream.next(c.window);
    const r = this.net.lossAndGradients(batch, {
      lambda,
      cost: this.cost,
      noiseStd: c.noise.recurrent,
      seed: noiseSeed(c.seed, s),
      costGradient: (s - 1) % (c.sernnEvery ?? 1) === 0 ? "full" : "direct",
    });
    if (!Number.isFinite(r.loss)) throw new DivergedError(s, "the loss");
    const { gradNorm } = this.net.clipAndAdam({ lr: c.lr, clip: c.clip > 0 ? c.clip : Infinity });
    if (!Number.isFinite(gradNorm)) throw new DivergedError(s, "the gradient norm");
    this.enforceDale();
    this.step = s;
    let swaps = 0;
    let minSwapGain = Infinity;
    const A = swapWeight(this.cost);
    const due = A > 0 && s % c.swap.every === 0;
    if (due) {
      const round = swapRound(this.net, this.perm, {
        mode: c.swap.mode,
        A,
        topK: c.swap.topK,
        maxSwaps: c.swap.maxSwaps,
        permuteMoments: c.swap.permuteMoments,
        threshold: c.swap.threshold ?? 0,
      });
      swaps = round.swaps;
      minSwapGain = round.minGain;
    }
    return {
      step: s,
      loss: r.loss,
      taskLoss: r.taskLoss,
      connectionCost: r.connectionCost,
      gradNorm,
      lambda,
      swaps,
      swapRound: due,
      minSwapGain,
    };
  }

  /** Current ℓ_cc of the run's cost (Eq. 2, sum form, for bimt; plain L1 for l1 and none). */
  connectionCost(): number {
    return this.net.connectionCost(1, this.cost);
  }

  /**
   * Per-task accuracy on `trials` trials per task, each from a zero state, judged at its last step. Noise-free by
   * default (docs/spec.md §6.15); `noisy` adds task input noise and the training's recurrent noise. Trials are the same
   * at every call (seeded by the run's seed).
   */
  evaluate(opts: { trials?: number; noisy?: boolean; rule?: PerformanceRule } = {}): Evaluation {
    const c = this.config;
    const trials = opts.trials ?? c.eval.trials;
    const rule = opts.rule ?? c.eval.rule;
    const noisy = opts.noisy ?? false;
    const tasks: TaskAccuracy[] = [];
    this.suite.tasks.forEach((spec, i) => {
      const batch = evaluationBatch(this.suite, i, trials, c.seed, { noise: noisy });
      const { logits } = this.net.forward(batch, {
        noiseStd: noisy ? c.noise.recurrent : 0,
        seed: noiseSeed(c.seed, -1 - i),
      });
      const correct = scoreBatch(logits, batch, this.suite.nOutput, rule);
      let k = 0;
      for (const x of correct) k += x;
      tasks.push({ task: spec.name, accuracy: k / trials, trials });
    });
    const mean = tasks.reduce((a, t) => a + t.accuracy, 0) / tasks.length;
    return { tasks, mean, noisy, rule };
  }

  /** The model as it stands: weights in cell order and the cell → neuron permutation (what model.safetensors holds). */
  model(): LoadedModel {
    const s = this.snapshot();
    return {
      config: this.config,
      step: s.step,
      nInput: this.suite.nInput,
      nOutput: this.suite.nOutput,
      params: s.params,
      perm: s.perm,
    };
  }

  /** Everything a checkpoint holds besides the config. */
  snapshot(): TrainerSnapshot {
    const opt = this.net.getOptimizerState();
    return {
      step: this.step,
      params: this.net.getParams(),
      m: opt.m,
      v: opt.v,
      adamSteps: opt.steps,
      perm: this.perm.slice(),
      stream: this.stream.state(),
    };
  }

  /** A trained model's weights and cell → neuron permutation (for evaluation, analysis or continuing in the demo). */
  useModel(m: { params: Params; perm: ArrayLike<number> }): void {
    this.net.setParams(m.params);
    if (m.perm.length !== this.perm.length)
      throw new Error(`checkpoint: permutation has ${m.perm.length} entries, the model ${this.perm.length}`);
    if (!isPermutation(m.perm, m.perm.length))
      throw new Error("checkpoint: the neuron permutation is not a permutation");
    this.perm.set(m.perm);
  }

  restore(s: TrainerSnapshot): void {
    this.useModel(s);
    this.net.setOptimizerState({ m: s.m, v: s.v, steps: s.adamSteps });
    this.stream = this.newStream();
    this.stream.restore(s.stream);
    this.step = s.step;
  }

  dispose(): void {
    this.net.dispose();
  }
}
