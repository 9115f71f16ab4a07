// gyrus's public API, Node entry ("gyrus"): an engine on this machine's cores and the whole pipeline — tasks,
// training (in memory or in a run folder with checkpoints), evaluation, analysis, models as files, reports and
// figures. The platform-neutral names come from api/common.ts, which the browser entry shares.
import { withApi, type Engine } from "./engine/api.js";
import { createEngineOn, type EngineOptions } from "./engine/engine.js";
import { nodePlatform } from "./engine/platform-node.js";
import type { Analysis } from "./analysis/analyze.js";
import type { Evaluation } from "./train/trainer.js";
import type { LoadedModel } from "./train/checkpoint.js";
import type { SuiteName } from "./tasks/registry.js";
import type { Suite } from "./tasks/spec.js";
import { analyzeWith, type AnalyzeOptions } from "./api/analyze.js";
import { withEngine } from "./api/engine-scope.js";
import { ArgumentError } from "./api/errors.js";
import { checkOptionalFunction } from "./api/check.js";
import { evaluateWith, type EvaluateOptions } from "./api/evaluate.js";
import { modelFromBytes, modelToBytes } from "./api/model-bytes.js";
import {
  readModelFile,
  readRunFolder,
  resumeFolder,
  trainInFolder,
  writeModelFile,
  type NodeTrainOptions,
  type ResumeOptions,
} from "./api/node-run.js";
import {
  checkTrainOptions,
  resolveTrainConfig,
  trainInMemory,
  type TrainConfigInput,
  type TrainResult,
} from "./api/train.js";

export * from "./api/common.js";
export { readMetrics } from "./api/node-run.js";
export type { NodeTrainOptions, ResumeOptions } from "./api/node-run.js";
export { FILES, RunFolderError } from "./train/run.js";
export {
  checkRun,
  describeProblem,
  repairRun,
  type FileProblem,
  type RepairResult,
  type RunCheck,
} from "./train/run-folder.js";
export { writeFileAtomic, writeFileAtomicSync } from "./io/atomic-file.js";

/**
 * An engine on this machine: the SIMD kernels on a pool of worker threads sharing one WebAssembly.Memory (all cores
 * unless `threads` says otherwise; the results are the same bits on any count). Close it with `engine.close()`.
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const core = await createEngineOn(nodePlatform, options);
  return withApi(core);
}

/**
 * Trains a network. `config` is any part of a TrainConfig over a preset (`{ preset: "quick", steps: 500 }`);
 * errors name the field (ConfigError). Without `options.out` the run lives in memory; with it, in that folder, with
 * checkpoints (continue it with resume()). Aborting `options.signal` stops cleanly after the current step.
 */
export async function train(config: TrainConfigInput, options: NodeTrainOptions = {}): Promise<TrainResult> {
  checkTrainOptions(options, ["out", "onNote"]);
  checkOptionalFunction("options.onNote", options.onNote);
  const c = resolveTrainConfig(config, options.cost, options.suite);
  if (options.out !== undefined) return trainInFolder(c, options.out, options);
  return withEngine(options.engine, createEngine, { threads: c.threads || undefined, build: c.build }, (e) =>
    trainInMemory(e, c, options),
  );
}

/**
 * Continues the run in folder `dir` from its last checkpoint (to `options.steps` if given); the result is
 * bit-identical to an uninterrupted run of that many steps. A missing or damaged model.safetensors or config.json is
 * first rebuilt from the checkpoint; other damage is a RunFolderError naming the file and what can be done.
 */
export async function resume(dir: string, options: ResumeOptions = {}): Promise<TrainResult> {
  return resumeFolder(dir, options);
}

/**
 * Per-task accuracy of a trained model on its suite (`suite` may name it; other suites are refused), noise-free
 * unless `options.noisy`, each trial from a zero state and judged at its last step.
 */
export async function evaluate(
  model: LoadedModel,
  suite?: SuiteName | Suite,
  options?: EvaluateOptions,
): Promise<Evaluation> {
  return evaluateWith(createEngine, model, suite, options);
}

/**
 * The paper's measurements of a model — accuracy, task variance, important neurons, functional clusters, whether
 * they are anatomical against label shuffles, wiring — as the object `gyrus analyze` writes to analysis.json.
 */
export async function analyze(model: LoadedModel, options?: AnalyzeOptions): Promise<Analysis> {
  return analyzeWith(createEngine, model, options);
}

/** A model from model.safetensors bytes, a model file's path, or a run folder (its model.safetensors). */
export async function readModel(bytesOrPath: Uint8Array | string): Promise<LoadedModel> {
  if (typeof bytesOrPath === "string") return readModelFile(bytesOrPath);
  if (bytesOrPath instanceof Uint8Array) return modelFromBytes(bytesOrPath);
  throw new ArgumentError("bytesOrPath", bytesOrPath, "must be a Uint8Array or a file or folder path");
}

/** A model as model.safetensors bytes; with `file`, also written there atomically. */
export function writeModel(model: LoadedModel, file?: string): Uint8Array {
  if (file === undefined) return modelToBytes(model);
  if (typeof file !== "string" || file === "") throw new ArgumentError("file", file, "must be a file path");
  return writeModelFile(model, file);
}

/** A run folder as renderReport() takes it: name, analysis.json (if any), metrics lines and model. */
export async function readRun(dir: string): Promise<import("./viz/report.js").ReportRun> {
  return readRunFolder(dir);
}
