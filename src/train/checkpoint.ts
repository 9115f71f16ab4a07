// model.safetensors and checkpoint.safetensors of a run (platform-free bytes in, bytes out). Tensors keep the
// engine's names and layouts (W_in [n_h, n_u], W [n_h, n_h], b_h [n_h], W_out [n_o, n_h], b_o [n_o]) in grid-cell
// order, plus `permutation` (cell → neuron id) and `coordinates` (cell positions, [n_h, d]: d = 2 on a grid, 1 on a
// line, the points' d; files written before d existed have [n_h, 2] on a line too, with zeros — decoding ignores
// the tensor, the config's geometry is the source); the checkpoint adds the Adam moments (`adam.m.*`, `adam.v.*`)
// and, in its metadata, the Adam step count, the task-stream state and the training loop's state (swap counts, latest
// evaluation: `loop`, absent from checkpoints written before it existed).
import type { Params } from "../model/types.js";
import { PARAM_NAMES } from "../model/types.js";
import { paramShapes } from "../model/layout.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  requireTensor,
  SafetensorsError,
  type Tensor,
} from "../io/safetensors.js";
import type { StreamState } from "../tasks/generate.js";
import { ConfigError, validateConfig } from "./config-schema.js";
import { hiddenCount, type TrainConfig } from "./config.js";
import { positionsOf } from "../model/geometry.js";
import { isPermutation } from "./swaps.js";
import type { TrainerSnapshot } from "./trainer.js";
import type { LoopState } from "./loop.js";

export const MODEL_FORMAT = "gyrus-model-1";
export const CHECKPOINT_FORMAT = "gyrus-checkpoint-1";

function modelTensors(
  params: Params,
  perm: Int32Array,
  config: TrainConfig,
  nu: number,
  no: number,
): Record<string, Tensor> {
  const nh = hiddenCount(config.geometry);
  const shapes = paramShapes({ nInput: nu, nHidden: nh, nOutput: no });
  const t: Record<string, Tensor> = {};
  for (const name of PARAM_NAMES) t[name] = { dtype: "F32", shape: shapes[name], data: params[name] };
  t.permutation = { dtype: "I32", shape: [nh], data: perm };
  const p = positionsOf(config.geometry);
  t.coordinates = { dtype: "F32", shape: [nh, p.d], data: Float32Array.from(p.coords) };
  return t;
}

/**
 * The config as stored in model files: threads and build are how a run was executed, not what it computed (the bits
 * are the same on any thread count and either build), so they are stored as 0 / "auto" and files compare equal.
 * config.json keeps the values actually used.
 */
export function modelConfig(config: TrainConfig): TrainConfig {
  return { ...config, threads: 0, build: "auto" };
}

function baseMetadata(
  format: string,
  config: TrainConfig,
  step: number,
  nu: number,
  no: number,
): Record<string, string> {
  return {
    format,
    config: JSON.stringify(modelConfig(config)),
    step: String(step),
    seed: String(config.seed),
    nInput: String(nu),
    nOutput: String(no),
  };
}

export function encodeModel(
  config: TrainConfig,
  s: Pick<TrainerSnapshot, "params" | "perm" | "step">,
  nu: number,
  no: number,
): Uint8Array {
  return encodeSafetensors(
    modelTensors(s.params, s.perm, config, nu, no),
    baseMetadata(MODEL_FORMAT, config, s.step, nu, no),
  );
}

/** A checkpoint's bytes: the model, the Adam moments and step count, the task-stream state and (if given) the loop's state. */
export function encodeCheckpoint(
  config: TrainConfig,
  s: TrainerSnapshot,
  nu: number,
  no: number,
  loop?: LoopState,
): Uint8Array {
  const t = modelTensors(s.params, s.perm, config, nu, no);
  const nh = hiddenCount(config.geometry);
  const shapes = paramShapes({ nInput: nu, nHidden: nh, nOutput: no });
  for (const name of PARAM_NAMES) {
    t[`adam.m.${name}`] = { dtype: "F32", shape: shapes[name], data: s.m[name] };
    t[`adam.v.${name}`] = { dtype: "F32", shape: shapes[name], data: s.v[name] };
  }
  const meta = baseMetadata(CHECKPOINT_FORMAT, config, s.step, nu, no);
  meta.adamSteps = String(s.adamSteps);
  meta.stream = JSON.stringify(s.stream);
  if (loop) meta.loop = JSON.stringify(loop);
  return encodeSafetensors(t, meta);
}

/** A trained model: its config, step, dims, the five parameter tensors (cell order) and the cell → neuron permutation. */
export interface LoadedModel {
  config: TrainConfig;
  step: number;
  nInput: number;
  nOutput: number;
  params: Params;
  perm: Int32Array;
}

function intMeta(meta: Record<string, string>, key: string, source: string, min = 0): number {
  const raw = meta[key];
  const v = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < min)
    throw new SafetensorsError(source, `metadata ${key}: ${JSON.stringify(raw)} — expected an integer ≥ ${min}`);
  return v;
}

/** Decode a model (or checkpoint) file: every problem is a SafetensorsError naming `source`. */
export function decodeModel(
  bytes: Uint8Array,
  source: string,
  formats: readonly string[] = [MODEL_FORMAT, CHECKPOINT_FORMAT],
): LoadedModel & { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  if (!formats.includes(metadata.format ?? "")) {
    throw new SafetensorsError(
      source,
      `not a gyrus ${formats.includes(MODEL_FORMAT) ? "model" : "checkpoint"} (metadata format ${JSON.stringify(metadata.format ?? null)}, expected ${formats.join(" or ")})`,
    );
  }
  let config: TrainConfig;
  try {
    config = validateConfig(JSON.parse(metadata.config ?? "null"));
  } catch (e) {
    const why = e instanceof ConfigError ? e.message : "not valid JSON";
    throw new SafetensorsError(source, `metadata config: ${why}`);
  }
  const step = intMeta(metadata, "step", source);
  const nu = intMeta(metadata, "nInput", source, 1);
  const no = intMeta(metadata, "nOutput", source, 1);
  const nh = hiddenCount(config.geometry);
  const shapes = paramShapes({ nInput: nu, nHidden: nh, nOutput: no });
  const params = {} as Params;
  for (const name of PARAM_NAMES) params[name] = requireTensor(tensors, name, "F32", shapes[name], source);
  const perm = requireTensor(tensors, "permutation", "I32", [nh], source);
  if (!isPermutation(perm, nh))
    throw new SafetensorsError(source, 'tensor "permutation" is not a permutation of the neuron ids');
  return { config, step, nInput: nu, nOutput: no, params, perm, tensors, metadata };
}

const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** The loop state in a checkpoint's metadata (null when the checkpoint predates it). */
function loopState(raw: string | undefined, source: string): LoopState | null {
  if (raw === undefined) return null;
  let v: Partial<LoopState> | null;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new SafetensorsError(source, "metadata loop: not valid JSON");
  }
  const acc = v?.lastAccuracy;
  if (
    typeof v !== "object" ||
    v === null ||
    !isCount(v.swapsTotal) ||
    !isCount(v.swapsSinceLog) ||
    !isCount(v.lastEvalStep) ||
    !(acc === null || (typeof acc === "number" && acc >= 0 && acc <= 1))
  ) {
    throw new SafetensorsError(source, `metadata loop: ${raw.slice(0, 80)} — not a training-loop state`);
  }
  const { swapsTotal, swapsSinceLog, lastAccuracy, lastEvalStep } = v as LoopState;
  return { swapsTotal, swapsSinceLog, lastAccuracy, lastEvalStep };
}

/** Decode a checkpoint: the model plus Adam state, the task-stream state and the loop state (null if not stored). */
export function decodeCheckpoint(
  bytes: Uint8Array,
  source: string,
): { model: LoadedModel; snapshot: TrainerSnapshot; loop: LoopState | null } {
  const m = decodeModel(bytes, source, [CHECKPOINT_FORMAT]);
  const nh = hiddenCount(m.config.geometry);
  const shapes = paramShapes({ nInput: m.nInput, nHidden: nh, nOutput: m.nOutput });
  const mom = (which: "m" | "v") => {
    const p = {} as Params;
    for (const name of PARAM_NAMES)
      p[name] = requireTensor(m.tensors, `adam.${which}.${name}`, "F32", shapes[name], source);
    return p;
  };
  let stream: StreamState;
  try {
    stream = JSON.parse(m.metadata.stream ?? "null");
  } catch {
    throw new SafetensorsError(source, "metadata stream: not valid JSON");
  }
  if (typeof stream !== "object" || stream === null || !Array.isArray(stream.elements)) {
    throw new SafetensorsError(source, "metadata stream: not a task-stream state");
  }
  const snapshot: TrainerSnapshot = {
    step: m.step,
    params: m.params,
    m: mom("m"),
    v: mom("v"),
    adamSteps: intMeta(m.metadata, "adamSteps", source),
    perm: m.perm,
    stream,
  };
  return { model: m, snapshot, loop: loopState(m.metadata.loop, source) };
}
