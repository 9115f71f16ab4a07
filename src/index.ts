// gyrus's public API (Node entry): an engine on this machine's cores, networks in its shared memory, and the
// functional lossAndGradients that property tests can check against finite differences.
import { createEngineOn, type EngineCore, type EngineOptions } from "./engine/engine.js";
import { nodePlatform } from "./engine/platform-node.js";
import { dimsOf } from "./model/layout.js";
import { Network, type NetworkSpec, type StepOptions } from "./model/network.js";
import type { Batch, LossOptions, LossResult, Params } from "./model/types.js";

export type { Activation, Batch, Dims, Grid, LossOptions, LossResult, ParamName, Params } from "./model/types.js";
export { PARAM_NAMES } from "./model/types.js";
export type { EngineOptions } from "./engine/engine.js";
export type { Build } from "./engine/kernels.js";
export { Network, type NetworkSpec, type StepOptions, type StepResult, type AdamOptions } from "./model/network.js";
export { distanceMatrix, gridSize } from "./model/geometry.js";

export interface Engine extends EngineCore {
  /** A network resident in the engine's memory (free it with dispose()). */
  network(spec: NetworkSpec): Network;
  /**
   * loss = mean CE over T·B + λ·ℓ_cc and the exact gradients, for parameters given as arrays. Dims come from
   * params; the window's shape from batch.T or batch.B.
   */
  lossAndGradients(params: Params, batch: Batch, options: LossOptions & { compact?: boolean }): LossResult;
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const core = await createEngineOn(nodePlatform, options);
  return withApi(core);
}

export function withApi(core: EngineCore): Engine {
  return {
    ...core,
    close: () => core.close(),
    network: (spec) => new Network(core, spec),
    lossAndGradients(params, batch, options) {
      const net = new Network(core, { ...dimsOf(params), grid: options.grid, activation: options.activation });
      try {
        net.setParams(params);
        const r = net.lossAndGradients(batch, options as StepOptions);
        return { loss: r.loss, taskLoss: r.taskLoss, connectionCost: r.connectionCost, grads: net.getParams("grads") };
      } finally {
        net.dispose();
      }
    },
  };
}
