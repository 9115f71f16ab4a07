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

/**
 * seRNN's initialisation (Keras SimpleRNN + Dense defaults of their demo): W orthogonal (Gram–Schmidt of a standard
 * normal matrix, the sign of each column fixed by the diagonal as in QR, as Keras' Orthogonal), W_in and W_out
 * Glorot-uniform (±√(6 / (fan_in + fan_out))), biases 0. Drawn in the order W, W_in, W_out from the sources.
 */
export function orthogonalInit(dims: Dims, uniform01: () => number, normal: () => number): Params {
  const { nInput: nu, nHidden: nh, nOutput: no } = dims;
  // Columns of a Gaussian matrix, orthonormalised (modified Gram–Schmidt in float64).
  const cols: Float64Array[] = [];
  for (let j = 0; j < nh; j++) cols.push(Float64Array.from({ length: nh }, normal));
  for (let j = 0; j < nh; j++) {
    const v = cols[j];
    for (let k = 0; k < j; k++) {
      const q = cols[k];
      let d = 0;
      for (let i = 0; i < nh; i++) d += q[i] * v[i];
      for (let i = 0; i < nh; i++) v[i] -= d * q[i];
    }
    let norm = 0;
    for (let i = 0; i < nh; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // QR's R has diagonal = this norm > 0: the sign convention of Keras' Orthogonal (q·sign(diag r)) is already met.
    for (let i = 0; i < nh; i++) v[i] /= norm;
  }
  const W = new Float32Array(nh * nh);
  for (let i = 0; i < nh; i++) for (let j = 0; j < nh; j++) W[i * nh + j] = cols[j][i];
  const glorot = (n: number, fanIn: number, fanOut: number) => {
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    return Float32Array.from({ length: n }, () => (2 * uniform01() - 1) * bound);
  };
  const W_in = glorot(nh * nu, nu, nh);
  const W_out = glorot(no * nh, nh, no);
  return { W_in, W, b_h: new Float32Array(nh), W_out, b_o: new Float32Array(no) };
}
