// gyrus's public API (Node entry): an engine on this machine's cores, networks in its shared memory, and the
// functional lossAndGradients that property tests can check against finite differences. The platform-neutral part
// (the Engine type, withApi) lives in engine/api.ts, which a browser bundle imports instead of this file.
import { withApi, type Engine } from "./engine/api.js";
import { createEngineOn, type EngineOptions } from "./engine/engine.js";
import { nodePlatform } from "./engine/platform-node.js";

export type { Activation, Batch, Dims, Grid, LossOptions, LossResult, ParamName, Params } from "./model/types.js";
export { PARAM_NAMES } from "./model/types.js";
export type { EngineOptions } from "./engine/engine.js";
export type { Build } from "./engine/kernels.js";
export { Network, type NetworkSpec, type StepOptions, type StepResult, type AdamOptions } from "./engine/network.js";
export { distanceMatrix, gridSize } from "./model/geometry.js";
export { withApi, type Engine };

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const core = await createEngineOn(nodePlatform, options);
  return withApi(core);
}
export { ConfigError, nearestName, resolveConfig, validateConfig, type ConfigLayers } from "./train/config-schema.js";
export { DEFAULTS, MAX_HIDDEN, PRESETS, type TrainConfig } from "./train/config.js";
