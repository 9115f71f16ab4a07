// A user-supplied connection cost for tests: ℓ = Σ_ij D_ij²·W_ij² over the recurrent W (smooth, so its gradient is exact everywhere).
import type { ConnectionCost } from "../../src/model/connection-cost.js";
import type { Params64, ParamsLike } from "../../src/model/reference.js";

/** Σ D²·W² with gradient 2·D²·W on W (other tensors untouched); `swaps` as given (default false). */
export function sqDistCost(opts: { name?: string; swaps?: boolean } = {}): ConnectionCost {
  return {
    name: opts.name ?? "sq-dist-l2",
    swaps: opts.swaps ?? false,
    value(params: ParamsLike, D: ArrayLike<number>): number {
      let s = 0;
      for (let i = 0; i < params.W.length; i++) s += D[i] * D[i] * params.W[i] * params.W[i];
      return s;
    },
    subgradient(params: ParamsLike, D: ArrayLike<number>, out: Params64, scale: number): void {
      for (let i = 0; i < params.W.length; i++) out.W[i] += scale * 2 * D[i] * D[i] * params.W[i];
    },
  };
}
