// A run's initial parameters: the paper's initialisation drawn from the run's seeded generator.
import { orthogonalInit, paperInit } from "../model/init.js";
import type { Dims, Params } from "../model/types.js";
import { Rng, STREAMS } from "../tasks/rng.js";

/** The initialisations a config can ask for: the paper's (default) or seRNN's (orthogonal W, Glorot, zero biases). */
export const INITS = ["paper", "orthogonal"] as const;

export function initParams(dims: Dims, seed: number, kind: (typeof INITS)[number] = "paper"): Params {
  const rng = new Rng(seed, STREAMS.init);
  if (kind === "orthogonal")
    return orthogonalInit(
      dims,
      () => rng.uniform(),
      () => rng.normal(),
    );
  return paperInit(dims, () => rng.uniform());
}
