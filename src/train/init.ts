// Initial parameters (SPEC §2.7, §6.6): W = 0.5·I; W_in, b_h uniform ±1/√n_u and W_out, b_o uniform ±1/√n_h
// (PyTorch Linear defaults of the reference RNN), drawn from the run's seeded generator.
import type { Dims, Params } from "../model/types.js";
import { Rng } from "../tasks/rng.js";

/** Stream id of the initialisation generator (apart from the task streams 0…B−1). */
const INIT_STREAM = 0x494e_4954_0000; // "INIT"

export function initParams(dims: Dims, seed: number): Params {
  const { nInput: nu, nHidden: nh, nOutput: no } = dims;
  const rng = new Rng(seed, INIT_STREAM);
  const uniform = (n: number, bound: number) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = (2 * rng.uniform() - 1) * bound;
    return a;
  };
  const W = new Float32Array(nh * nh);
  for (let i = 0; i < nh; i++) W[i * nh + i] = 0.5;
  return {
    W_in: uniform(nh * nu, 1 / Math.sqrt(nu)),
    W,
    b_h: uniform(nh, 1 / Math.sqrt(nu)),
    W_out: uniform(no * nh, 1 / Math.sqrt(nh)),
    b_o: uniform(no, 1 / Math.sqrt(nh)),
  };
}
