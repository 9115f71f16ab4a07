// train() without files: a run in memory on any platform, with progress, an AbortSignal and the same bits as a run
// in a folder. The Node entry adds `out` (a run folder with checkpoints) on top of it.
import type { Engine } from "../engine/api.js";
import { ConfigError, resolveConfig } from "../train/config-schema.js";
import type { TrainConfig } from "../train/config.js";
import type { LoadedModel } from "../train/checkpoint.js";
import { trainLoop, type MetricsLine, type RunStatus } from "../train/loop.js";
import { Trainer, type Evaluation, type TrainerSnapshot } from "../train/trainer.js";
import { checkConnectionCost, type ConnectionCost } from "../model/connection-cost.js";
import { withCustomCost } from "../train/cost.js";
import { CUSTOM_SUITE } from "../tasks/custom.js";
import type { Suite } from "../tasks/spec.js";
import { customSuiteFields } from "../train/suite.js";
import { checkObject, checkOptionalEngine, checkOptionalFunction, checkOptionalSignal } from "./check.js";
import { ArgumentError } from "./errors.js";

/** A configuration as train() takes it: any part of a TrainConfig, over a preset ("paper" unless named). */
export type TrainConfigInput = { preset?: "quick" | "paper" } & {
  [K in keyof TrainConfig]?: TrainConfig[K] extends object ? Partial<TrainConfig[K]> | TrainConfig[K] : TrainConfig[K];
};

/** What onProgress receives after every step. */
export interface Progress {
  step: number;
  steps: number;
  loss: number;
  taskLoss: number;
  connectionCost: number;
  /** Mean accuracy of the latest evaluation (null before the first). */
  accuracy: number | null;
  /** Swaps since step 0 of the run (earlier sessions included). */
  swaps: number;
  /** Training seconds of the run so far. */
  seconds: number;
  /** Steps per second over the latest steps of this session, start-up excluded (0 until known). */
  itPerSec: number;
  /** Seconds left at that rate; null until meaningful (≥ 20 steps and ≥ 2 s into the session). */
  eta: number | null;
  /** The evaluation that ran after this step, if one did. */
  evaluation?: Evaluation;
}

/** Options of train() and resume(). */
export interface TrainOptions {
  /** Train on this engine (it stays open); default: an engine on all cores, closed at the end. */
  engine?: Engine;
  /** Called after every step. */
  onProgress?: (p: Progress) => void;
  /** Stops the run cleanly when aborted: a checkpoint is taken and the result says stoppedBy "abort". */
  signal?: AbortSignal;
  /**
   * A user-supplied connection cost instead of the config's reg (the run's config then says reg "custom" and the
   * cost's name; resuming it needs the same cost again).
   */
  cost?: ConnectionCost;
  /**
   * A user-defined suite (defineSuite) to train on, instead of a built-in one; the run's config then says suite
   * "custom" with the suite's task names, and resuming or evaluating it needs the same suite again.
   */
  suite?: Suite;
}

/** What train() and resume() return. */
export interface TrainResult {
  /** The effective configuration (every field). */
  config: TrainConfig;
  /** The trained network: weights in cell order and the cell → neuron permutation (what model.safetensors holds). */
  model: LoadedModel;
  /** The metrics lines of this session (metrics.jsonl's lines, for a run in a folder the whole file). */
  metrics: MetricsLine[];
  /** The last evaluation (noise-free, config.eval.trials per task); null if none ran in this session. */
  evaluation: Evaluation | null;
  step: number;
  finished: boolean;
  /** "done", or why the run stopped early ("abort": the signal; "signal": SIGINT/SIGTERM, CLI only). */
  stoppedBy: "done" | "abort" | "signal";
  /** Training seconds of the run so far. */
  seconds: number;
  /** The run folder, when train() was given `out` or resume() a folder. */
  dir?: string;
  /** Everything a checkpoint holds (Adam moments, stream state), to continue in memory. */
  snapshot: TrainerSnapshot;
}

/**
 * The effective config of a train() call: the preset named in `input` (default paper) with its fields over it; with
 * a user-supplied cost, reg "custom" and the cost's name.
 */
export function resolveTrainConfig(input: unknown, cost?: ConnectionCost, suite?: Suite): TrainConfig {
  checkObject("config", input);
  const { preset, ...fields } = input as Record<string, unknown>;
  if (preset !== undefined && typeof preset !== "string")
    throw new ConfigError("preset", preset, "allowed: quick, paper");
  // A supplied suite is recorded as suite "custom" with its task names (unless the config already says so).
  const recorded = suite && fields.suite !== CUSTOM_SUITE ? { ...fields, ...customSuiteFields(suite) } : fields;
  const config = resolveConfig({ preset: preset as string | undefined, overrides: recorded });
  return cost && config.reg !== "custom" ? withCustomCost(config, cost) : config;
}

/** Checks train()'s options; `extra` names the entry's own options beyond TrainOptions (Node: out, onNote). */
export function checkTrainOptions(o: unknown, extra: readonly string[] = []): asserts o is TrainOptions {
  if (o === undefined) return;
  checkObject("options", o);
  checkOptionalEngine("options.engine", o.engine);
  checkOptionalFunction("options.onProgress", o.onProgress);
  checkOptionalSignal("options.signal", o.signal);
  if (o.cost !== undefined) checkConnectionCost(o.cost);
  if (o.suite !== undefined) checkObject("options.suite", o.suite);
  const known = ["engine", "onProgress", "signal", "cost", "suite", ...extra];
  for (const k of Object.keys(o))
    if (!known.includes(k))
      throw new ArgumentError(`options.${k}`, o[k], `unknown option (allowed: ${known.join(", ")})`);
}

/** Progress hooks for trainLoop from an onProgress callback. */
export function progressHooks(onProgress: TrainOptions["onProgress"]) {
  let pending: Evaluation | undefined;
  return {
    onEval: (ev: Evaluation) => void (pending = ev),
    onStep: (
      info: { step: number; loss: number; taskLoss: number; connectionCost: number },
      st: Omit<RunStatus, "step">,
    ) => {
      if (!onProgress) return;
      const p: Progress = {
        step: info.step,
        steps: st.steps,
        loss: info.loss,
        taskLoss: info.taskLoss,
        connectionCost: info.connectionCost,
        accuracy: st.lastAccuracy,
        swaps: st.swapsTotal,
        seconds: st.seconds,
        itPerSec: st.itPerSec,
        eta: st.etaSeconds,
        ...(pending ? { evaluation: pending } : {}),
      };
      pending = undefined;
      onProgress(p);
    },
  };
}

/** The model a trainer holds now. */
export function modelOf(trainer: Trainer, config: TrainConfig, snapshot: TrainerSnapshot): LoadedModel {
  return {
    config,
    step: snapshot.step,
    nInput: trainer.suite.nInput,
    nOutput: trainer.suite.nOutput,
    params: snapshot.params,
    perm: snapshot.perm,
  };
}

/** A run in memory on `engine` from step 0 (or from `from`, a snapshot of the same config). */
export async function trainInMemory(
  engine: Engine,
  config: TrainConfig,
  o: TrainOptions,
  from?: TrainerSnapshot,
): Promise<TrainResult> {
  const trainer = new Trainer(engine, config, { cost: o.cost, suite: o.suite });
  try {
    if (from) trainer.restore(from);
    const metrics: MetricsLine[] = [];
    let snapshot: TrainerSnapshot | null = null;
    const progress = progressHooks(o.onProgress);
    const r = await trainLoop(
      trainer,
      config,
      {},
      {
        ...progress,
        onMetrics: (line) => metrics.push(line),
        onCheckpoint: (s) => void (snapshot = s),
        stopReason: () => (o.signal?.aborted ? "abort" : null),
      },
    );
    const snap = snapshot ?? trainer.snapshot();
    return {
      config,
      model: modelOf(trainer, config, snap),
      metrics,
      evaluation: r.evaluation,
      step: trainer.step,
      finished: trainer.done,
      stoppedBy: r.stoppedBy === null ? "done" : "abort",
      seconds: r.seconds,
      snapshot: snap,
    };
  } finally {
    trainer.dispose();
  }
}
