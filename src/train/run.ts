// A training run in a folder (Node): config.json, metrics.jsonl, model.safetensors, checkpoint.safetensors. Writes are
// atomic; a checkpoint is written every N steps, at the end and on SIGINT/SIGTERM; `resume` continues bit-identically
// from the last checkpoint (metrics after it are dropped and recomputed).
import fs from "node:fs";
import path from "node:path";
import { createEngine, type Engine } from "../index.js";
import { readFileBytes, writeFileAtomicSync } from "../io/atomic-file.js";
import { SafetensorsError } from "../io/safetensors.js";
import { decodeCheckpoint, encodeCheckpoint, encodeModel } from "./checkpoint.js";
import { formatGeometry, type TrainConfig } from "./config.js";
import { Trainer, type Evaluation, type StepInfo } from "./trainer.js";
import type { ConnectionCost } from "../model/connection-cost.js";
import { trainingCost } from "./cost.js";

export const FILES = {
  config: "config.json",
  metrics: "metrics.jsonl",
  model: "model.safetensors",
  checkpoint: "checkpoint.safetensors",
} as const;

/** One line of metrics.jsonl. */
export interface MetricsLine {
  step: number;
  loss: number;
  taskLoss: number;
  connectionCost: number;
  /** Mean per-task accuracy of the latest evaluation (null before the first). */
  accuracy: number | null;
  /** Swaps applied since the previous line. */
  swaps: number;
  /** Wall-clock seconds of training so far (summed over resumed sessions). */
  seconds: number;
  lambda: number;
  gradNorm: number;
  /** Per-task accuracy, on lines where an evaluation ran. */
  tasks?: Record<string, number>;
}

export interface RunCallbacks {
  /** After every step (for progress display). */
  onStep?(info: StepInfo, run: RunStatus): void;
  /** After every evaluation. */
  onEval?(ev: Evaluation, step: number): void;
  /** Free-form notes (resumed from …, checkpoint written, …). */
  onNote?(msg: string): void;
}

export interface RunStatus {
  step: number;
  steps: number;
  seconds: number;
  swapsTotal: number;
  lastAccuracy: number | null;
  itPerSec: number;
}

export interface RunResult {
  dir: string;
  step: number;
  finished: boolean;
  /** "signal" if stopped by SIGINT/SIGTERM (after writing a checkpoint). */
  stoppedBy: "done" | "signal";
  evaluation: Evaluation | null;
  seconds: number;
}

/** Refuse to train into a folder that already holds a run (unless resuming). */
function prepareDir(dir: string, resume: boolean): void {
  if (resume) {
    if (!fs.existsSync(path.join(dir, FILES.checkpoint))) {
      throw new SafetensorsError(path.join(dir, FILES.checkpoint), "no such file (nothing to resume in this folder)");
    }
    return;
  }
  if (fs.existsSync(path.join(dir, FILES.checkpoint)) || fs.existsSync(path.join(dir, FILES.metrics))) {
    throw new Error(`${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`);
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** Keep only the metrics lines up to `step` (a resumed run recomputes the rest bit-identically). */
function truncateMetrics(file: string, step: number): { seconds: number; accuracy: number | null } {
  if (!fs.existsSync(file)) return { seconds: 0, accuracy: null };
  const kept: string[] = [];
  let seconds = 0;
  let accuracy: number | null = null;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let m: MetricsLine;
    try {
      m = JSON.parse(line);
    } catch {
      break; // a torn last line from a kill mid-write
    }
    if (m.step > step) break;
    kept.push(line);
    seconds = m.seconds;
    accuracy = m.accuracy;
  }
  writeFileAtomicSync(file, kept.map((l) => l + "\n").join(""));
  return { seconds, accuracy };
}

export interface RunOptions {
  dir: string;
  /** A new run's config; omitted when resuming (the checkpoint's config is used). */
  config?: TrainConfig;
  resume?: boolean;
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
}

export async function runTraining(o: RunOptions): Promise<RunResult> {
  const { dir } = o;
  const cb = o.callbacks ?? {};
  prepareDir(dir, o.resume ?? false);
  let config: TrainConfig;
  let resumed: ReturnType<typeof decodeCheckpoint> | null = null;
  if (o.resume) {
    const file = path.join(dir, FILES.checkpoint);
    resumed = decodeCheckpoint(await readFileBytes(file), file);
    config = resumed.model.config;
  } else {
    if (!o.config) throw new Error("runTraining: a new run needs a config");
    config = o.config;
  }
  trainingCost(config, o.cost); // a missing or mismatched cost fails here, before an engine starts
  const threads = o.threads ?? config.threads;
  const engine = o.engine ?? (await createEngine({ threads: threads || undefined, build: o.build ?? config.build }));
  const trainer = new Trainer(engine, config, { cost: o.cost });
  const metricsFile = path.join(dir, FILES.metrics);
  let secondsBefore = 0;
  let lastAccuracy: number | null = null;
  if (resumed) {
    const { snapshot } = resumed;
    trainer.restore(snapshot);
    ({ seconds: secondsBefore, accuracy: lastAccuracy } = truncateMetrics(metricsFile, snapshot.step));
    cb.onNote?.(`resumed ${dir} at step ${snapshot.step} of ${config.steps}`);
  } else {
    writeFileAtomicSync(path.join(dir, FILES.config), JSON.stringify(config, null, 2) + "\n");
    fs.writeFileSync(metricsFile, "");
    cb.onNote?.(`training ${config.suite}${config.tasks ? ` (${config.tasks.length} tasks)` : ""} on ${formatGeometry(config.geometry)}, reg ${config.reg}, λ ${config.lambda}, A ${config.A}, ${config.steps} steps, ${engine.threads} thread(s) → ${dir}`);
  }

  const { nInput, nOutput } = trainer.suite;
  const writeCheckpoint = () => {
    const snap = trainer.snapshot();
    writeFileAtomicSync(path.join(dir, FILES.checkpoint), encodeCheckpoint(config, snap, nInput, nOutput));
    writeFileAtomicSync(path.join(dir, FILES.model), encodeModel(config, snap, nInput, nOutput));
  };

  let stop: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => void (stop = sig);
  if (o.signals !== false) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  const t0 = performance.now();
  const startStep = trainer.step;
  let swapsSinceLog = 0;
  let swapsTotal = 0;
  let evaluation: Evaluation | null = null;
  const seconds = () => secondsBefore + (performance.now() - t0) / 1000;
  try {
    if (trainer.step === 0) writeCheckpoint(); // a run killed before its first checkpoint can still resume
    while (!trainer.done && !stop) {
      // One event-loop turn per step: signals (and a dead pool thread's exit event) are only seen there.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stop) break;
      const info = trainer.trainStep();
      swapsSinceLog += info.swaps;
      swapsTotal += info.swaps;
      const s = info.step;
      let tasks: Record<string, number> | undefined;
      if (s % config.eval.every === 0 || s === config.steps) {
        evaluation = trainer.evaluate();
        lastAccuracy = evaluation.mean;
        tasks = Object.fromEntries(evaluation.tasks.map((t) => [t.task, t.accuracy]));
        cb.onEval?.(evaluation, s);
      }
      if (s % config.log.every === 0 || tasks || s === config.steps) {
        const line: MetricsLine = {
          step: s, loss: info.loss, taskLoss: info.taskLoss, connectionCost: info.connectionCost, accuracy: lastAccuracy,
          swaps: swapsSinceLog, seconds: Number(seconds().toFixed(3)), lambda: info.lambda, gradNorm: info.gradNorm, ...(tasks ? { tasks } : {}),
        };
        fs.appendFileSync(metricsFile, JSON.stringify(line) + "\n");
        swapsSinceLog = 0;
      }
      if (s % config.checkpoint.every === 0 || s === config.steps) writeCheckpoint();
      const elapsed = (performance.now() - t0) / 1000;
      cb.onStep?.(info, { step: s, steps: config.steps, seconds: seconds(), swapsTotal, lastAccuracy, itPerSec: (s - startStep) / Math.max(elapsed, 1e-9) });
    }
    if (stop) {
      writeCheckpoint();
      cb.onNote?.(`${stop}: checkpoint written at step ${trainer.step}; continue with gyrus train --resume ${dir}`);
    }
    return { dir, step: trainer.step, finished: trainer.done, stoppedBy: stop ? "signal" : "done", evaluation, seconds: seconds() };
  } finally {
    if (o.signals !== false) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    trainer.dispose();
    if (!o.engine) await engine.close();
  }
}
