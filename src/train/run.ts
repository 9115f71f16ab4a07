// A training run in a folder (Node): config.json, metrics.jsonl, model.safetensors, checkpoint.safetensors. Writes are
// atomic; a checkpoint is written every N steps, at the end and on SIGINT/SIGTERM; `resume` continues bit-identically
// from the last checkpoint (metrics after it are dropped and recomputed).
import fs from "node:fs";
import path from "node:path";
import { withApi, type Engine } from "../engine/api.js";
import { createEngineOn } from "../engine/engine.js";
import { nodePlatform } from "../engine/platform-node.js";
import { readFileBytes, writeFileAtomicSync } from "../io/atomic-file.js";
import { SafetensorsError } from "../io/safetensors.js";
import { decodeCheckpoint, encodeCheckpoint, encodeModel } from "./checkpoint.js";
import { formatGeometry, type TrainConfig } from "./config.js";
import type { Suite } from "../tasks/spec.js";
import { trainLoop, type MetricsLine, type RunStatus } from "./loop.js";
import { checkResumedSuite } from "./suite.js";
import { Trainer, type Evaluation, type StepInfo, type TrainerSnapshot } from "./trainer.js";
import type { ConnectionCost } from "../model/connection-cost.js";
import { trainingCost } from "./cost.js";

/** The files of a run folder. */
export const FILES = {
  config: "config.json",
  metrics: "metrics.jsonl",
  model: "model.safetensors",
  checkpoint: "checkpoint.safetensors",
} as const;

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

/** A run folder that already holds a run (and resuming was not asked for). */
export class RunFolderError extends Error {
  constructor(
    readonly dir: string,
    message: string,
  ) {
    super(message);
    this.name = "RunFolderError";
  }
}

/** True if `dir` holds a run (a checkpoint or a metrics file). */
export function holdsRun(dir: string): boolean {
  return fs.existsSync(path.join(dir, FILES.checkpoint)) || fs.existsSync(path.join(dir, FILES.metrics));
}

/** Refuse to train into a folder that already holds a run (unless resuming). */
function prepareDir(dir: string, resume: boolean): void {
  if (resume) {
    if (!fs.existsSync(path.join(dir, FILES.checkpoint))) {
      throw new SafetensorsError(path.join(dir, FILES.checkpoint), "no such file (nothing to resume in this folder)");
    }
    return;
  }
  if (holdsRun(dir)) {
    throw new RunFolderError(
      dir,
      `${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`,
    );
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
  /** Stop cleanly (checkpoint written) when this signal aborts. */
  signal?: AbortSignal;
  /** The user-defined suite of a config with suite "custom"; required again to resume such a run. */
  suite?: Suite;
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
    cb.onNote?.(
      `training ${config.suite}${config.tasks ? ` (${config.tasks.length} tasks)` : ""} on ${formatGeometry(config.geometry)}, reg ${config.reg}, λ ${config.lambda}, A ${config.A}, ${config.steps} steps, ${engine.threads} thread(s) → ${dir}`,
    );
  }

  const { nInput, nOutput } = trainer.suite;
  const writeCheckpoint = (snap: TrainerSnapshot) => {
    writeFileAtomicSync(path.join(dir, FILES.checkpoint), encodeCheckpoint(config, snap, nInput, nOutput));
    writeFileAtomicSync(path.join(dir, FILES.model), encodeModel(config, snap, nInput, nOutput));
  };

  let stop: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => void (stop = sig);
  if (o.signals !== false) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  try {
    const r = await trainLoop(
      trainer,
      config,
      { secondsBefore, lastAccuracy },
      {
        onStep: cb.onStep,
        onEval: cb.onEval,
        onMetrics: (line) => fs.appendFileSync(metricsFile, JSON.stringify(line) + "\n"),
        onCheckpoint: writeCheckpoint,
        stopReason: () => stop ?? (o.signal?.aborted ? "abort" : null),
        // One event-loop turn per step: signals (and a dead pool thread's exit event) are only seen there.
        yieldTurn: () => new Promise<void>((resolve) => setImmediate(resolve)),
      },
    );
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
