// The platform-neutral Engine API: an EngineCore (from createEngineOn, on any Platform) plus networks in its memory
// and the functional lossAndGradients. index.ts wraps the Node platform with it; a browser worker wraps its own.
import { dimsOf } from "../model/layout.js";
import { Network, type NetworkSpec, type StepOptions } from "./network.js";
import type { Batch, LossOptions, LossResult, Params } from "../model/types.js";
import type { EngineCore } from "./engine.js";

/** The SIMD kernels on a pool of threads sharing one memory: make networks in it, or call lossAndGradients. */
export interface Engine extends EngineCore {
  /** A network resident in the engine's memory (free it with dispose()). */
  network(spec: NetworkSpec): Network;
  /**
   * loss = mean CE over T·B + λ·ℓ_cc and the exact gradients, for parameters given as arrays. Dims come from
   * params; the window's shape from batch.T or batch.B. ℓ_cc is options.cost, or bimtCost(options.A).
   */
  lossAndGradients(params: Params, batch: Batch, options: LossOptions & { compact?: boolean }): LossResult;
}

/** An Engine on an engine core made on any platform (what createEngine returns; for custom platforms). */
export function withApi(core: EngineCore): Engine {
  return {
    ...core,
    close: () => core.close(),
    network: (spec) => new Network(core, spec),
    lossAndGradients(params, batch, options) {
      const net = new Network(core, {
        ...dimsOf(params),
        positions: options.positions,
        activation: options.activation,
      });
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
