// The Node entry's file-backed pipeline: train() into a run folder, resume() one, readModel()/writeModel() by path,
// readRun() for reports. Everything else is the platform-free core in this folder.
import fs from "node:fs";
import path from "node:path";
import type { Analysis } from "../analysis/analyze.js";
import { readFileBytes, writeFileAtomicSync } from "../io/atomic-file.js";
import type { LoadedModel } from "../train/checkpoint.js";
import type { MetricsLine } from "../train/loop.js";
import { FILES, runTraining, type RunCallbacks } from "../train/run.js";
import { decodeCheckpoint } from "../train/checkpoint.js";
import type { ReportRun } from "../viz/report.js";
import {
  checkObject,
  checkOptionalEngine,
  checkOptionalFunction,
  checkOptionalInt,
  checkOptionalSignal,
} from "./check.js";
import { ArgumentError } from "./errors.js";
import { checkConnectionCost } from "../model/connection-cost.js";
import { modelFromBytes, modelToBytes } from "./model-bytes.js";
import { progressHooks, type TrainOptions, type TrainResult } from "./train.js";
import type { TrainConfig } from "../train/config.js";

/** Node's train() options: TrainOptions plus a run folder and notes. */
export interface NodeTrainOptions extends TrainOptions {
  /**
   * A run folder: config.json, metrics.jsonl, model.safetensors and checkpoint.safetensors are written there (a
   * checkpoint every config.checkpoint.every steps, at the end and when the signal aborts). It must not already hold
   * a run (RunFolderError); continue one with resume(dir).
   */
  out?: string;
  /** Human-readable notes (where the run goes, resumed at …, checkpoint written on abort). */
  onNote?: (message: string) => void;
}

/** Options of resume(). */
export interface ResumeOptions extends TrainOptions {
  onNote?: (message: string) => void;
  /** Threads of the engine made for the run when none is given (0 = all cores; the bits do not depend on it). */
  threads?: number;
  /**
   * Train to this many steps instead of the run's own: the result is bit-identical to a run trained to `steps` in one
   * go (refused with a ConfigError when λ follows a phased schedule whose phases would move, or steps ≤ those done).
   */
  steps?: number;
}

/** The metrics lines of a run folder (a torn last line, from a kill mid-write, ends the list). */
export function readMetrics(dir: string): MetricsLine[] {
  const file = path.join(dir, FILES.metrics);
  if (!fs.existsSync(file)) return [];
  const out: MetricsLine[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      break;
    }
  }
  return out;
}

/** A run folder's model.safetensors (or a model file's path). */
export async function readModelFile(p: string): Promise<LoadedModel> {
  const file = fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, FILES.model) : p;
  return modelFromBytes(await readFileBytes(file), file);
}

/** A run folder as a report needs it: its name, analysis.json (if analysed), metrics and model. */
export async function readRunFolder(dir: string): Promise<ReportRun> {
  if (typeof dir !== "string" || !fs.existsSync(path.join(dir, FILES.model))) {
    throw new ArgumentError("dir", dir, `must be a run folder (one holding ${FILES.model})`);
  }
  const af = path.join(dir, "analysis.json");
  const analysis: Analysis | undefined = fs.existsSync(af) ? JSON.parse(fs.readFileSync(af, "utf8")) : undefined;
  return {
    name: path.basename(path.resolve(dir)),
    analysis,
    metrics: readMetrics(dir),
    model: await readModelFile(dir),
  };
}

/** Writes a model's bytes atomically (no half-written file on a crash) and returns them. */
export function writeModelFile(model: LoadedModel, file: string): Uint8Array {
  const bytes = modelToBytes(model);
  writeFileAtomicSync(file, bytes);
  return bytes;
}

function callbacks(o: { onProgress?: TrainOptions["onProgress"]; onNote?: (m: string) => void }): RunCallbacks {
  const p = progressHooks(o.onProgress);
  return { onStep: p.onStep, onEval: p.onEval, onNote: o.onNote };
}

async function resultOf(dir: string, r: Awaited<ReturnType<typeof runTraining>>): Promise<TrainResult> {
  const file = path.join(dir, FILES.checkpoint);
  const { model, snapshot } = decodeCheckpoint(await readFileBytes(file), file);
  const { config, step, nInput, nOutput, params, perm } = model;
  return {
    config,
    model: { config, step, nInput, nOutput, params, perm },
    metrics: readMetrics(dir),
    evaluation: r.evaluation,
    step: r.step,
    finished: r.finished,
    stoppedBy: r.stoppedBy,
    seconds: r.seconds,
    dir,
    snapshot,
  };
}

/** A run in a folder (see NodeTrainOptions.out). */
export async function trainInFolder(config: TrainConfig, dir: string, o: NodeTrainOptions): Promise<TrainResult> {
  if (typeof dir !== "string" || dir === "") throw new ArgumentError("options.out", dir, "must be a folder path");
  const r = await runTraining({
    dir,
    config,
    engine: o.engine,
    cost: o.cost,
    suite: o.suite,
    signals: false,
    signal: o.signal,
    callbacks: callbacks(o),
  });
  return resultOf(dir, r);
}

/** Continues the run in `dir` from its last checkpoint, bit-identically to an uninterrupted run. */
export async function resumeFolder(dir: unknown, o: ResumeOptions = {}): Promise<TrainResult> {
  if (typeof dir !== "string" || dir === "") throw new ArgumentError("dir", dir, "must be a run folder path");
  checkObject("options", o as unknown);
  checkOptionalInt("options.threads", o.threads, 0, 256);
  checkOptionalInt("options.steps", o.steps, 1, 1e9);
  checkOptionalSignal("options.signal", o.signal);
  checkOptionalFunction("options.onProgress", o.onProgress);
  checkOptionalFunction("options.onNote", o.onNote);
  checkOptionalEngine("options.engine", o.engine);
  if (o.cost !== undefined) checkConnectionCost(o.cost);
  const r = await runTraining({
    dir,
    resume: true,
    engine: o.engine,
    cost: o.cost,
    suite: o.suite,
    threads: o.threads,
    steps: o.steps,
    signals: false,
    signal: o.signal,
    callbacks: callbacks(o),
  });
  return resultOf(dir, r);
}
