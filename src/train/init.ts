// A run's initial parameters: the paper's initialisation drawn from the run's seeded generator.
import { paperInit } from "../model/init.js";
import type { Dims, Params } from "../model/types.js";
import { Rng, STREAMS } from "../tasks/rng.js";

export function initParams(dims: Dims, seed: number): Params {
  const rng = new Rng(seed, STREAMS.init);
  return paperInit(dims, () => rng.uniform());
}
