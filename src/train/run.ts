// A training run in a folder (Node): config.json, metrics.jsonl, model.safetensors, checkpoint.safetensors. Writes are
// atomic; a checkpoint is written every N steps, at the end and on SIGINT/SIGTERM; `resume` checks every file,
// rebuilds what the checkpoint allows, and continues bit-identically from the last checkpoint (metrics after it are
// dropped and recomputed), optionally to more steps.
import fs from "node:fs";
import path from "node:path";
import { withApi, type Engine } from "../engine/api.js";
import { createEngineOn } from "../engine/engine.js";
import { nodePlatform } from "../engine/platform-node.js";
import { writeFileAtomicSync } from "../io/atomic-file.js";
import { encodeCheckpoint, encodeModel, type LoadedModel } from "./checkpoint.js";
import { formatGeometry, type TrainConfig } from "./config.js";
import type { Suite } from "../tasks/spec.js";
import { trainLoop, type LoopStart, type LoopState, type MetricsLine, type RunStatus } from "./loop.js";
import { extendedConfig, extendedMetrics } from "./extend.js";
import { validateConfig } from "./config-schema.js";
import {
  applyRepairs,
  checkRun,
  configDifferences,
  describeProblem,
  FILES,
  holdsRun,
  RunFolderError,
  writeMetrics,
} from "./run-folder.js";
import { checkResumedSuite } from "./suite.js";
import { Trainer, type Evaluation, type StepInfo, type TrainerSnapshot } from "./trainer.js";
import type { ConnectionCost } from "../model/connection-cost.js";
import { trainingCost } from "./cost.js";

export { FILES, holdsRun, RunFolderError } from "./run-folder.js";
export type { MetricsLine, RunStatus } from "./loop.js";

export interface RunCallbacks {
  /** After every step (for progress display). */
  onStep?(info: StepInfo, run: RunStatus): void;
  /** After every evaluation. */
  onEval?(ev: Evaluation, step: number): void;
  /** Free-form notes (resumed from …, checkpoint written, …). */
  onNote?(msg: string): void;
}

export interface RunResult {
  dir: string;
  step: number;
  finished: boolean;
  /** "signal" if stopped by SIGINT/SIGTERM, "abort" by the AbortSignal (after writing a checkpoint in both cases). */
  stoppedBy: "done" | "signal" | "abort";
  evaluation: Evaluation | null;
  seconds: number;
}

/** Refuse to train into a folder that already holds a run. */
function prepareNewDir(dir: string): void {
  if (holdsRun(dir)) {
    throw new RunFolderError(
      dir,
      `${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** The loop state of a checkpoint written before checkpoints stored it: recovered from the metrics lines. */
function stateFromMetrics(lines: readonly MetricsLine[]): LoopState {
  let swapsTotal = 0;
  let lastEvalStep = 0;
  for (const l of lines) {
    swapsTotal += l.swaps;
    if (l.tasks) lastEvalStep = l.step;
  }
  return { swapsTotal, swapsSinceLog: 0, lastAccuracy: lines.at(-1)?.accuracy ?? null, lastEvalStep };
}

/** A checked run folder made ready to continue: files rebuilt from the checkpoint, metrics cut back to it. */
interface Resumed {
  config: TrainConfig;
  snapshot: TrainerSnapshot;
  state: LoopState;
  secondsBefore: number;
  /** The config's steps before an extension (the same as config.steps otherwise). */
  oldSteps: number;
  model: LoadedModel;
}

async function prepareResume(dir: string, steps: number | undefined, note: (m: string) => void): Promise<Resumed> {
  const check = await checkRun(dir);
  const cp = check.checkpoint;
  const first = check.problems[0];
  if (!cp) throw new RunFolderError(dir, describeProblem(first));
  const fatal = check.problems.find((p) => !p.repairable);
  if (fatal) throw new RunFolderError(dir, describeProblem(fatal));
  const oldConfig = cp.model.config;
  const config = steps === undefined ? oldConfig : extendedConfig(oldConfig, steps, cp.snapshot.step);
  // config.json edited (or an extension stopped before its first checkpoint): only an extension to its steps goes on.
  const differs = check.problems.find((p) => p.kind === "differs");
  if (differs) {
    const saved = validateConfig(JSON.parse(fs.readFileSync(differs.file, "utf8")));
    const extending = configDifferences(saved, config).length === 0 && steps !== undefined;
    if (!extending) throw new RunFolderError(dir, describeProblem(differs));
  }
  for (const p of applyRepairs(check, (q) => q.kind !== "differs" && q.kind !== "torn"))
    note(`repaired ${p.file} (${p.problem}) from ${FILES.checkpoint} at step ${cp.model.step}`);

  const { snapshot } = cp;
  const metricsFile = path.join(dir, FILES.metrics);
  let lines = check.metrics.lines.filter((l) => l.step <= snapshot.step);
  let state = cp.loop;
  if (config.steps !== oldConfig.steps && snapshot.step === oldConfig.steps) {
    // A finished run extended: undo what happened at its last step only because it was the last.
    const accuracy = state
      ? state.lastAccuracy
      : (lines.filter((l) => l.step < snapshot.step).at(-1)?.accuracy ?? null);
    lines = extendedMetrics(lines, config, oldConfig.steps, accuracy);
  }
  state ??= stateFromMetrics(lines);
  writeMetrics(metricsFile, lines);
  if (config !== oldConfig) {
    const configFile = path.join(dir, FILES.config);
    const saved = validateConfig(JSON.parse(fs.readFileSync(configFile, "utf8")));
    writeFileAtomicSync(
      configFile,
      JSON.stringify({ ...config, threads: saved.threads, build: saved.build }, null, 2) + "\n",
    );
  }
  return {
    config,
    snapshot,
    state,
    secondsBefore: lines.at(-1)?.seconds ?? 0,
    oldSteps: oldConfig.steps,
    model: cp.model,
  };
}

export interface RunOptions {
  dir: string;
  /** A new run's config; omitted when resuming (the checkpoint's config is used). */
  config?: TrainConfig;
  resume?: boolean;
  /** When resuming: train to this many steps instead of the run's (bit-identical to a run of that many steps). */
  steps?: number;
  /** Override threads/build when resuming (they do not change the bits). */
  threads?: number;
  build?: TrainConfig["build"];
  callbacks?: RunCallbacks;
  /** The user-supplied connection cost of a reg "custom" run (required again when resuming one). */
  cost?: ConnectionCost;
  /** Use this engine instead of creating one (tests). */
  engine?: Engine;
  /** Handle SIGINT/SIGTERM (default true). */
  signals?: boolean;
  /** Stop cleanly (checkpoint written) when this signal aborts. */
  signal?: AbortSignal;
  /** The user-defined suite of a config with suite "custom"; required again to resume such a run. */
  suite?: Suite;
}

/** Trains a new run into `o.dir`, or continues the one there (`o.resume`, optionally to `o.steps`). */
export async function runTraining(o: RunOptions): Promise<RunResult> {
  const { dir } = o;
  const cb = o.callbacks ?? {};
  const note = (m: string) => cb.onNote?.(m);
  let config: TrainConfig;
  let resumed: Resumed | null = null;
  if (o.resume) {
    resumed = await prepareResume(dir, o.steps, note);
    config = resumed.config;
  } else {
    if (!o.config) throw new Error("runTraining: a new run needs a config");
    prepareNewDir(dir);
    config = o.config;
  }
  trainingCost(config, o.cost); // a missing or mismatched cost fails here, before an engine starts
  const threads = o.threads ?? config.threads;
  const engine =
    o.engine ??
    withApi(await createEngineOn(nodePlatform, { threads: threads || undefined, build: o.build ?? config.build }));
  let trainer: Trainer;
  try {
    trainer = new Trainer(engine, config, { cost: o.cost, suite: o.suite });
    if (resumed && o.suite) checkResumedSuite(trainer.suite, { ...resumed.model, stream: resumed.snapshot.stream });
  } catch (e) {
    if (!o.engine) await engine.close();
    throw e;
  }
  const metricsFile = path.join(dir, FILES.metrics);
  let start: LoopStart = {};
  if (resumed) {
    const { snapshot } = resumed;
    trainer.restore(snapshot);
    start = { ...resumed.state, secondsBefore: resumed.secondsBefore };
    const extended = config.steps !== resumed.oldSteps ? ` (extended from ${resumed.oldSteps})` : "";
    note(`resumed ${dir} at step ${snapshot.step} of ${config.steps}${extended}`);
  } else {
    writeFileAtomicSync(path.join(dir, FILES.config), JSON.stringify(config, null, 2) + "\n");
    fs.writeFileSync(metricsFile, "");
    note(
      `training ${config.suite}${config.tasks ? ` (${config.tasks.length} tasks)` : ""} on ${formatGeometry(config.geometry)}, reg ${config.reg}, λ ${config.lambda}, A ${config.A}${config.alpha !== undefined && config.alpha !== 1 ? `, leak α ${config.alpha}` : ""}${config.dale ? `, Dale ${config.dale.excitatory} excitatory${config.dale.readout ? " (readout too)" : ""}` : ""}${config.trialPool ? `, trial pool ${config.trialPool}/task` : ""}, ${config.steps} steps, ${engine.threads} thread(s) → ${dir}`,
    );
  }

  const { nInput, nOutput } = trainer.suite;
  const writeCheckpoint = (snap: TrainerSnapshot, state: LoopState) => {
    writeFileAtomicSync(path.join(dir, FILES.checkpoint), encodeCheckpoint(config, snap, nInput, nOutput, state));
    writeFileAtomicSync(path.join(dir, FILES.model), encodeModel(config, snap, nInput, nOutput));
  };

  let stop: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => void (stop = sig);
  if (o.signals !== false) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  try {
    const r = await trainLoop(trainer, config, start, {
      onStep: cb.onStep,
      onEval: cb.onEval,
      onMetrics: (line) => fs.appendFileSync(metricsFile, JSON.stringify(line) + "\n"),
      onCheckpoint: writeCheckpoint,
      stopReason: () => stop ?? (o.signal?.aborted ? "abort" : null),
      // One event-loop turn per step: signals (and a dead pool thread's exit event) are only seen there.
      yieldTurn: () => new Promise<void>((resolve) => setImmediate(resolve)),
    });
    if (r.stoppedBy !== null) {
      const reason = o.signal?.reason;
      const how = r.stoppedBy !== "abort" ? r.stoppedBy : typeof reason === "string" ? reason : "aborted";
      cb.onNote?.(`${how}: checkpoint written at step ${trainer.step}; continue with gyrus train --resume ${dir}`);
    }
    const stoppedBy = r.stoppedBy === null ? "done" : r.stoppedBy === "abort" ? "abort" : "signal";
    return { dir, step: trainer.step, finished: trainer.done, stoppedBy, evaluation: r.evaluation, seconds: r.seconds };
  } finally {
    if (o.signals !== false) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    trainer.dispose();
    if (!o.engine) await engine.close();
  }
}
