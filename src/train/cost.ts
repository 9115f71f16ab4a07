// The connection cost a training run uses: built from config.reg and A, or user-supplied (reg "custom"), and the A its swap rounds rank by.
import { bimtCost, checkConnectionCost, l1Cost, type ConnectionCost } from "../model/connection-cost.js";
import { sernnCost } from "../model/sernn-cost.js";
import { ConfigError, validateConfig } from "./config-schema.js";
import type { TrainConfig } from "./config.js";

/** A run whose config names a user-supplied cost (reg "custom") was started or resumed without that cost. */
export class MissingCostError extends Error {
  constructor(readonly costName: string) {
    super(
      `cost: missing — this run trains with the user-supplied connection cost ${JSON.stringify(costName)} (config reg "custom"), ` +
        `which a config cannot hold; pass the same cost again: new Trainer(engine, config, { cost }) or runTraining({ …, cost })`,
    );
    this.name = "MissingCostError";
  }
}

/**
 * The cost of a run: bimt → bimtCost(A); l1 → l1Cost(); none → l1Cost() at λ = 0 (ℓ_cc is still measured and
 * logged, nothing reaches the gradients); sernn → sernnCost() (float64, on the main thread); custom → `given`, whose name must equal config.cost. Throws
 * MissingCostError when a custom run gets no cost, ConfigError when a cost is given to a built-in reg or the names
 * differ.
 */
export function trainingCost(config: TrainConfig, given?: ConnectionCost): ConnectionCost {
  if (config.reg !== "custom") {
    if (given !== undefined) {
      throw new ConfigError(
        "reg",
        config.reg,
        `a user-supplied cost needs reg "custom" and cost ${JSON.stringify(given.name)} in the config (see withCustomCost)`,
      );
    }
    if (config.reg === "sernn") return sernnCost();
    return config.reg === "bimt" ? bimtCost(config.A) : l1Cost();
  }
  const name = config.cost ?? "";
  if (given === undefined) throw new MissingCostError(name);
  checkConnectionCost(given);
  if (given.name !== name) {
    throw new ConfigError(
      "cost",
      name,
      `must be the name of the cost passed in code, ${JSON.stringify(given.name)} (a run resumes only with the cost it was started with)`,
    );
  }
  return given;
}

/** `config` set up for a user-supplied cost: reg "custom", cost = its name, A = 0 (validated; λ and its schedule kept). */
export function withCustomCost(config: TrainConfig, cost: ConnectionCost): TrainConfig {
  checkConnectionCost(cost);
  return validateConfig(JSON.parse(JSON.stringify({ ...config, reg: "custom", cost: cost.name, A: 0 })));
}

/**
 * The A a swap round ranks pairs with (docs/spec.md §6.9): 0 (no swaps) unless cost.swaps; BIMT's own A for
 * bimtCost; 1 for a user-supplied cost (the rounds then minimise Σ D⊙|W|, whatever the cost's own form).
 */
export function swapWeight(cost: ConnectionCost): number {
  if (!cost.swaps) return 0;
  return cost.kernel?.kind === "bimt" ? cost.kernel.A : 1;
}
