// A run's initial parameters: the paper's initialisation drawn from the run's seeded generator.
import { paperInit } from "../model/init.js";
import type { Dims, Params } from "../model/types.js";
import { Rng } from "../tasks/rng.js";

/** Stream id of the initialisation generator (apart from the task streams 0…B−1). */
const INIT_STREAM = 0x494e_4954_0000; // "INIT"

export function initParams(dims: Dims, seed: number): Params {
  const rng = new Rng(seed, INIT_STREAM);
  return paperInit(dims, () => rng.uniform());
}
