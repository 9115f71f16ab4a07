// gyrus's public API, browser entry ("gyrus/browser"): the same names as the Node entry, without files or Node APIs.
// The engine runs its kernels in Web Workers on a shared memory when the page is cross-origin isolated (create a
// multi-threaded engine inside a dedicated worker: its dispatching thread blocks), else on one thread.
import { withApi, type Engine } from "./engine/api.js";
import { createEngineOn, type EngineOptions } from "./engine/engine.js";
import { browserPlatform, sharedMemoryAvailable } from "./engine/platform-browser.js";
import type { Analysis } from "./analysis/analyze.js";
import type { Evaluation } from "./train/trainer.js";
import type { LoadedModel } from "./train/checkpoint.js";
import type { SuiteName } from "./tasks/registry.js";
import type { Suite } from "./tasks/spec.js";
import { analyzeWith, type AnalyzeOptions } from "./api/analyze.js";
import { withEngine } from "./api/engine-scope.js";
import { ArgumentError } from "./api/errors.js";
import { evaluateWith, type EvaluateOptions } from "./api/evaluate.js";
import { modelFromBytes, modelToBytes } from "./api/model-bytes.js";
import {
  checkTrainOptions,
  resolveTrainConfig,
  trainInMemory,
  type TrainConfigInput,
  type TrainOptions,
  type TrainResult,
} from "./api/train.js";

export * from "./api/common.js";
export { sharedMemoryAvailable };

/** How many hardware threads this browser reports (navigator.hardwareConcurrency; 1 if it says nothing). */
export function hardwareThreads(): number {
  return browserPlatform.cores();
}

/**
 * An engine in this page or worker: Web Workers on one shared WebAssembly.Memory when the context is cross-origin
 * isolated, else a single thread. The results are the same bits either way, and the same as Node's.
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  return withApi(await createEngineOn(browserPlatform, options));
}

/**
 * Trains a network in memory (the browser has no run folders: keep `result.snapshot` or `writeModel(result.model)`).
 * `config` is any part of a TrainConfig over a preset; aborting `options.signal` stops after the current step.
 */
export async function train(config: TrainConfigInput, options: TrainOptions = {}): Promise<TrainResult> {
  if ((options as { out?: unknown }).out !== undefined) {
    throw new ArgumentError(
      "options.out",
      (options as { out?: unknown }).out,
      'run folders need the Node entry "gyrus"; in a browser, train in memory',
    );
  }
  checkTrainOptions(options);
  const c = resolveTrainConfig(config, options.cost, options.suite);
  return withEngine(options.engine, createEngine, { threads: c.threads || undefined, build: c.build }, (e) =>
    trainInMemory(e, c, options),
  );
}

/** Per-task accuracy of a trained model on its suite, noise-free unless `options.noisy`. */
export async function evaluate(
  model: LoadedModel,
  suite?: SuiteName | Suite,
  options?: EvaluateOptions,
): Promise<Evaluation> {
  return evaluateWith(createEngine, model, suite, options);
}

/** The paper's measurements of a model, as the object `gyrus analyze` writes to analysis.json. */
export async function analyze(model: LoadedModel, options?: AnalyzeOptions): Promise<Analysis> {
  return analyzeWith(createEngine, model, options);
}

/** A model from model.safetensors bytes (fetch or read the file yourself in a browser). */
export async function readModel(bytes: Uint8Array): Promise<LoadedModel> {
  return modelFromBytes(bytes);
}

/** A model as model.safetensors bytes (offer them as a download, or store them). */
export function writeModel(model: LoadedModel): Uint8Array {
  return modelToBytes(model);
}
