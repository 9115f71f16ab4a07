// The paper's initial parameters (docs/spec.md §2.7, §6.6): W = 0.5·I; W_in, b_h uniform ±1/√n_u and W_out, b_o uniform
// ±1/√n_h (PyTorch Linear defaults of the reference RNN), drawn in that order from any uniform [0, 1) source.
import type { Dims, Params } from "./types.js";

export function paperInit(dims: Dims, uniform01: () => number): Params {
  const { nInput: nu, nHidden: nh, nOutput: no } = dims;
  const uniform = (n: number, bound: number) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = (2 * uniform01() - 1) * bound;
    return a;
  };
  const W = new Float32Array(nh * nh);
  for (let i = 0; i < nh; i++) W[i * nh + i] = 0.5;
  const W_in = uniform(nh * nu, 1 / Math.sqrt(nu));
  const b_h = uniform(nh, 1 / Math.sqrt(nu));
  const W_out = uniform(no * nh, 1 / Math.sqrt(nh));
  const b_o = uniform(no, 1 / Math.sqrt(nh));
  return { W_in, W, b_h, W_out, b_o };
}
