// Rendered trials for users (inspection, plots, own training loops): n trials per task of a suite or of one TaskSpec,
// the same trials as evaluation (generator keyed by the task's name), packed [T, B, nInput] and kept per trial.
import { defineSuite } from "./custom.js";
import { evaluationBatch } from "./evaluate.js";
import type { PeriodSpan } from "./generate.js";
import { taskIndex } from "./registry.js";
import type { Stimulus, Suite, TaskSpec } from "./spec.js";

/** Options of sampleTrials. */
export interface SampleTrialsOptions {
  /** Seed of the trials (default 0). The same seed gives the trials Trainer.evaluate uses for a run of that seed. */
  seed?: number;
  /** Trials per task (default 1). Trial j of a task alternating rings uses ring j mod 2. */
  trials?: number;
  /** Task names to sample (default: all of the suite's tasks, in rule order). */
  tasks?: readonly string[];
  /** Analysis trials: noise-free, random periods at their analysis durations (one length per task). */
  analysis?: boolean;
  /** Task input noise; default on unless analysis. */
  noise?: boolean;
}

/** One rendered trial. */
export interface SampledTrial {
  task: string;
  /** Index of the task in the suite (its rule one-hot unit). */
  taskIndex: number;
  /** Steps. */
  T: number;
  /** [T, nInput], row-major. */
  inputs: Float32Array;
  /** [T] class per step (0 = fixate). */
  labels: Int32Array;
  /** Period boundaries in steps: [start, end). */
  periods: PeriodSpan[];
  /** Ring used by the trial (tasks alternating modality), else 0. */
  modality: 0 | 1;
  /** Class asked for on the first response step. */
  target: number;
  stimuli: readonly Stimulus[];
}

/** Trials packed like an evaluation batch: one trial per batch element from step 0, zero-padded after its end. */
export interface TrialBatch {
  suite: string;
  nInput: number;
  nOutput: number;
  /** Longest trial. */
  T: number;
  /** Number of trials (tasks × trials per task, task-major). */
  B: number;
  /** [T, B, nInput]. */
  inputs: Float32Array;
  /** [T, B]; 0 after a trial's end. */
  labels: Int32Array;
  /** [B] steps of each trial. */
  lengths: Int32Array;
  /** [B] task index of each trial. */
  taskIndex: Int32Array;
  trials: SampledTrial[];
}

/**
 * Render `trials` trials of each chosen task of a suite, or of a single TaskSpec (checked with validateTaskSpec and
 * put in a one-task suite, nInput 34). Uses each task's evaluation generator, so the trials are the evaluation
 * trials of a run with this seed, and no other random stream is touched.
 */
export function sampleTrials(source: Suite | TaskSpec, opts: SampleTrialsOptions = {}): TrialBatch {
  const suite: Suite =
    "tasks" in source && "nInput" in source ? source : defineSuite((source as TaskSpec).name, [source as TaskSpec]);
  const n = opts.trials ?? 1;
  const seed = opts.seed ?? 0;
  const chosen = opts.tasks ? opts.tasks.map((t) => taskIndex(suite, t)) : suite.tasks.map((_, i) => i);
  const trials: SampledTrial[] = [];
  for (const i of chosen) {
    const batch = evaluationBatch(suite, i, n, seed, { analysis: opts.analysis, noise: opts.noise });
    for (const tr of batch.trials) {
      trials.push({
        task: suite.tasks[i].name,
        taskIndex: i,
        T: tr.T,
        inputs: tr.inputs,
        labels: tr.labels,
        periods: tr.periods,
        modality: tr.plan.modality,
        target: tr.plan.target,
        stimuli: tr.plan.stimuli,
      });
    }
  }
  const nU = suite.nInput;
  const B = trials.length;
  const T = trials.reduce((m, tr) => Math.max(m, tr.T), 0);
  const inputs = new Float32Array(T * B * nU);
  const labels = new Int32Array(T * B);
  const lengths = new Int32Array(B);
  const tasks = new Int32Array(B);
  trials.forEach((tr, b) => {
    lengths[b] = tr.T;
    tasks[b] = tr.taskIndex;
    for (let t = 0; t < tr.T; t++) {
      inputs.set(tr.inputs.subarray(t * nU, (t + 1) * nU), (t * B + b) * nU);
      labels[t * B + b] = tr.labels[t];
    }
  });
  return {
    suite: suite.name,
    nInput: nU,
    nOutput: suite.nOutput,
    T,
    B,
    inputs,
    labels,
    lengths,
    taskIndex: tasks,
    trials,
  };
}
