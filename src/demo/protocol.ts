// The messages between the demo page (main thread) and its trainer worker. The page only renders and posts
// commands; the worker owns the engine and the trainer and reports progress. Commands are checked on arrival
// (parseCommand), so a malformed one becomes an error event instead of an exception in the worker.
import { validateConfig, type Analysis, type Build, type MetricsLine, type TrainConfig } from "../browser.js";
import { checkSettings, type DemoSettings } from "./settings.js";

export type Command =
  /** A new run with these settings (replaces the current one). */
  | { type: "start"; settings: DemoSettings }
  | { type: "pause" }
  | { type: "resume" }
  /** Run the functional analysis now (clusters for the grid colouring). */
  | { type: "analyze" }
  /** Post the current model as model.safetensors bytes. */
  | { type: "download" }
  /** Continue from a model file; threads/build come from `settings`, everything else from the file. */
  | { type: "load"; bytes: Uint8Array; name: string; settings: DemoSettings }
  /** Test hook: `steps` training steps of `config` on a fresh engine; answers with the encoded model. */
  | { type: "bits"; id: number; config: TrainConfig; steps: number; build: Build; threads: number };

export type CommandType = Command["type"];
export const COMMAND_TYPES: readonly CommandType[] = [
  "start",
  "pause",
  "resume",
  "analyze",
  "download",
  "load",
  "bits",
];

/** How the engine runs: threads, build, and whether shared memory (and cross-origin isolation) was there. */
export interface EngineInfo {
  threads: number;
  build: Build;
  shared: boolean;
  isolated: boolean;
  cores: number;
}

/** Weights for the network drawing, copied out of the engine (cell order). */
export interface WeightSnapshot {
  step: number;
  W_in: Float32Array;
  W: Float32Array;
  W_out: Float32Array;
  perm: Int32Array;
}

export type Event =
  | { type: "engine"; info: EngineInfo }
  | { type: "started"; config: TrainConfig; nInput: number; nOutput: number; step: number; source: string }
  /** Metrics lines since the last progress event; itPerSec over the last few seconds of training. */
  | { type: "progress"; lines: MetricsLine[]; step: number; itPerSec: number; swapRounds: [number, number][] }
  | { type: "snapshot"; weights: WeightSnapshot }
  /** perm: the cell → neuron permutation the analysis saw (labels follow later swaps through it). */
  | { type: "analysis"; step: number; analysis: Analysis; perm: Int32Array }
  | { type: "state"; running: boolean; done: boolean }
  | { type: "model"; bytes: Uint8Array; name: string }
  /** ms: wall time of the training steps alone (the engine was created before). */
  | { type: "bits"; id: number; bytes: Uint8Array; info: EngineInfo; ms: number }
  /** `field`: the form field at fault, if any; `id`: the bits request that failed, if any. */
  | { type: "error"; message: string; field?: string; id?: number };

/** A message that is not a valid command. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks a message received by the worker and returns it as a Command (settings and configs validated). */
export function parseCommand(data: unknown): Command {
  if (!isRecord(data) || typeof data.type !== "string")
    throw new ProtocolError(`a command must be an object with a "type" (one of ${COMMAND_TYPES.join(", ")})`);
  const t = data.type;
  switch (t) {
    case "pause":
    case "resume":
    case "analyze":
    case "download":
      return { type: t };
    case "start":
      return { type: t, settings: checkSettings(data.settings) };
    case "load": {
      if (!(data.bytes instanceof Uint8Array))
        throw new ProtocolError(`load: "bytes" must be a Uint8Array (the file's contents)`);
      if (typeof data.name !== "string") throw new ProtocolError(`load: "name" must be the file name`);
      return { type: t, bytes: data.bytes, name: data.name, settings: checkSettings(data.settings) };
    }
    case "bits": {
      const { id, steps, build, threads } = data;
      if (!Number.isSafeInteger(id)) throw new ProtocolError(`bits: "id" must be an integer`);
      if (!Number.isSafeInteger(steps) || (steps as number) < 1 || (steps as number) > 1000)
        throw new ProtocolError(`bits: "steps" must be an integer from 1 to 1000`);
      if (build !== "portable" && build !== "relaxed")
        throw new ProtocolError(`bits: "build" must be "portable" or "relaxed"`);
      if (!Number.isSafeInteger(threads) || (threads as number) < 0 || (threads as number) > 256)
        throw new ProtocolError(`bits: "threads" must be an integer from 0 (all cores) to 256`);
      return {
        type: t,
        id: id as number,
        config: validateConfig(data.config),
        steps: steps as number,
        build,
        threads: threads as number,
      };
    }
    default:
      throw new ProtocolError(`unknown command type ${JSON.stringify(t)} (allowed: ${COMMAND_TYPES.join(", ")})`);
  }
}
