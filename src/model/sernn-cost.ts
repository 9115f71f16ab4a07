// seRNN's communicability-weighted wiring cost (Achterberg, Akarca et al. 2023; the SE1_sWc regulariser of their
// public demo), forward beside backward in float64 (docs/wiring-costs.md):
//
//   ℓ = Σ_ij |W_ij| · C_ij · D_ij,   C = expm(S^{-1/2} |W| S^{-1/2}) with its diagonal set to 0,
//
// where S = diag(s + ε), s_j = the total |weight| neuron j sends (seRNN's row sums of its Keras kernel, which is
// from × to; gyrus's W is to × from, so here the column sums), and D the distances of the geometry. The λ of the run
// plays seRNN's γ. Only the recurrent W is penalised, as in seRNN.
//
// The guard ε (default 1e-4): seRNN's code divides by √s, so a neuron that sends nothing makes the cost NaN. Adding ε
// keeps it finite; for such a neuron the entries n_i·|W_ij|·n_j of its row grow at most like |W_ij|/√ε·n_j, 100·|W_ij|
// for ε = 1e-4 — finite in float32 too — while neurons with a normal strength (≫ 1e-4) see a relative change below
// ε/s.
import type { ConnectionCost } from "./connection-cost.js";
import { ConnectionCostError } from "./connection-cost.js";
import { expmFrechet } from "./expm.js";
import type { Params64, ParamsLike } from "./reference.js";

/** Options of {@link sernnCost}. */
export interface SernnCostOptions {
  /** Added to every neuron's strength before the inverse square root (default 1e-4; > 0). */
  epsilon?: number;
  /** Run BIMT's swap rounds with this cost (default false: seRNN has none). */
  swaps?: boolean;
}

/** The default guard ε of {@link sernnCost}. */
export const SERNN_EPSILON = 1e-4;

/** The intermediate values of the cost at W: what the value and the gradient share. */
export interface Communicability {
  n: number;
  /** |W| (n×n, row-major, to × from). */
  A: Float64Array;
  /** 1/√(s_j + ε) per neuron. */
  inv: Float64Array;
  /** S^{-1/2} |W| S^{-1/2}. */
  M: Float64Array;
  /** expm(M) with the diagonal zeroed. */
  C: Float64Array;
}

/** |W|, the strengths, the scaled matrix and its exponential with the diagonal zeroed. */
export function communicability(W: ArrayLike<number>, n: number, epsilon = SERNN_EPSILON): Communicability {
  if (W.length !== n * n) throw new Error(`communicability: W has ${W.length} entries, expected ${n}×${n}`);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = Math.abs(W[i]);
  const inv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[i * n + j];
    inv[j] = 1 / Math.sqrt(s + epsilon);
  }
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = inv[i] * A[i * n + j] * inv[j];
  const { E } = expmFrechet(M, n);
  for (let i = 0; i < n; i++) E[i * n + i] = 0;
  return { n, A, inv, M, C: E };
}

/** ℓ = Σ |W| ⊙ C ⊙ D for a communicability already computed. */
export function sernnValue(c: Communicability, D: ArrayLike<number>): number {
  let v = 0;
  for (let i = 0; i < c.n * c.n; i++) v += c.A[i] * c.C[i] * D[i];
  return v;
}

/**
 * out[i] += scale·∂ℓ/∂W_i (sign(0) = 0) — with `direct`, only the term with C held constant (C ⊙ D ⊙ sign W) —, exact: the direct term C ⊙ D, and the path through C by the adjoint of the
 * exponential's Fréchet derivative, ∂ℓ/∂M = L(Mᵀ, G) with G = |W| ⊙ D off the diagonal, then back through
 * M = N|W|N, N = diag((s + ε)^{-1/2}) and s = column sums of |W|.
 */
export function sernnGradient(
  c: Communicability,
  W: ArrayLike<number>,
  D: ArrayLike<number>,
  out: Float64Array,
  scale: number,
  epsilon = SERNN_EPSILON,
  direct = false,
): void {
  const { n, A, inv, M, C } = c;
  let H: Float64Array | null = null;
  if (!direct) {
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) G[i * n + j] = A[i * n + j] * D[i * n + j];
    const MT = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) MT[j * n + i] = M[i * n + j];
    H = expmFrechet(MT, n, G).L!;
  }
  const strength = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) strength[j] += A[i * n + j];
  sernnBackward(n, A, inv, strength, C, D, H, W, out, scale, epsilon);
}

type Matrix = ArrayLike<number>;

/**
 * The gradient's last stage, shared by the reference and the engine: out[k] += scale·∂ℓ/∂W_k from H = L(Mᵀ, G) (the
 * path through the exponential), or with H null the gradient with C held constant (scale·C ⊙ D ⊙ sign W). Back
 * through M = N|W|N and the strengths s (column sums of |W|): ∂ℓ/∂A = C ⊙ D + n_i H_ij n_j + ∂ℓ/∂s_j.
 */
export function sernnBackward(
  n: number,
  A: Matrix,
  inv: Matrix,
  strength: Matrix,
  C: Matrix,
  D: Matrix,
  H: Matrix | null,
  W: Matrix,
  out: { [k: number]: number },
  scale: number,
  epsilon: number,
): void {
  if (H === null) {
    for (let k = 0; k < n * n; k++) out[k] += scale * C[k] * D[k] * Math.sign(W[k]);
    return;
  }
  const dA = new Float64Array(n * n);
  const dInv = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      dA[k] = C[k] * D[k] + inv[i] * H[k] * inv[j];
      const hA = H[k] * A[k];
      dInv[i] += hA * inv[j];
      dInv[j] += hA * inv[i];
    }
  // inv_j = (s_j + ε)^{-1/2}: d inv_j / d s_j = −½ (s_j + ε)^{-3/2}; s_j = Σ_i A_ij.
  for (let j = 0; j < n; j++) {
    const ds = dInv[j] * -0.5 * (strength[j] + epsilon) ** -1.5;
    for (let i = 0; i < n; i++) dA[i * n + j] += ds;
  }
  for (let k = 0; k < n * n; k++) out[k] += scale * dA[k] * Math.sign(W[k]);
}

/**
 * seRNN's communicability cost as a ConnectionCost (reg "sernn"): ℓ = Σ |W| ⊙ C ⊙ D over the recurrent W, with its
 * exact gradient (docs/wiring-costs.md). λ is seRNN's γ. The engine runs it on its GEMM kernels in float32
 * (src/engine/sernn-engine.ts); value and subgradient here are the float64 reference of that.
 */
export function sernnCost(options: SernnCostOptions = {}): ConnectionCost {
  const epsilon = options.epsilon ?? SERNN_EPSILON;
  if (typeof epsilon !== "number" || !Number.isFinite(epsilon) || epsilon <= 0)
    throw new ConnectionCostError("epsilon", epsilon, "must be a finite number > 0");
  const swaps = options.swaps ?? false;
  if (typeof swaps !== "boolean") throw new ConnectionCostError("swaps", swaps, "must be true or false");
  // value() and subgradient() of one step see the same W: keep the last communicability and reuse it.
  let last: { W: Float64Array; c: Communicability } | null = null;
  const at = (W: ArrayLike<number>): Communicability => {
    const n = Math.round(Math.sqrt(W.length));
    if (last && last.W.length === W.length && last.W.every((x, i) => x === W[i])) return last.c;
    const c = communicability(W, n, epsilon);
    last = { W: Float64Array.from(W), c };
    return c;
  };
  return Object.freeze({
    name: "sernn",
    swaps,
    kernel: Object.freeze({ kind: "sernn" as const, epsilon }),
    value: (params: ParamsLike, D: ArrayLike<number>) => sernnValue(at(params.W), D),
    subgradient(params: ParamsLike, D: ArrayLike<number>, out: Params64, scale: number): void {
      sernnGradient(at(params.W), params.W, D, out.W, scale, epsilon);
    },
  });
}
