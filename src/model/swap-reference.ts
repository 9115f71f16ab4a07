// Float64 reference of the hidden-neuron swap (docs/spec.md §1.5, §6.9) and of its connection-cost change Δ, three ways.
//
// Final all-pairs formula (what the WebAssembly kernel implements). With D symmetric, zero diagonal:
//
//   M = |W| + |W|ᵀ            (symmetric, M_jj = 2|W_jj|)
//   S = M·D                   (S_jk = Σ_d M_jd·D_dk; one n×n×n product; S is NOT symmetric)
//   Δ_jk = A·[ S_jk − S_jj + S_kj − S_kk − D_jk·(M_jj + M_kk − 2·M_jk) ]
//
// This is the formula of docs/spec.md §6.9, and it is right. Derivation: after the swap, entry (a,b) of W sits
// at cells (π a, π b), so Δ = A·Σ_ab (D_{πa,πb} − D_ab)|W_ab|. Only rows/columns j,k contribute; the
// four (j|k, j|k) entries cancel because D is symmetric with zero diagonal. What is left is the docs/spec.md §1.5
// closed form Δ_jk = A·Σ_{d∉{j,k}} (D_kd − D_jd)(M_jd − M_kd). Summing over ALL d instead gives
//   Σ_d (D_kd − D_jd)(M_jd − M_kd) = S_jk − S_kk − S_jj + S_kj      (using D_kd = D_dk),
// and the two terms d = j and d = k that must be removed are
//   d = j: (D_kj − 0)(M_jj − M_kj) = D_jk(M_jj − M_jk),   d = k: (0 − D_jk)(M_jk − M_kk) = D_jk(M_kk − M_jk),
// whose sum is D_jk·(M_jj + M_kk − 2·M_jk). Δ_jj = 0 and Δ_jk = Δ_kj.
import { checkParamShapes, dimsOf } from "./layout.js";
import { checkPositionCount, connectionCostWithD, toParams64 } from "./reference.js";
import type { Params64, ParamsLike } from "./reference.js";
import { distanceMatrix, type Positions } from "./positions.js";

function checkIndex(name: string, v: number, n: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= n)
    throw new Error(`${name}: expected a neuron index in 0..${n - 1}, got ${v}`);
}

/**
 * New float64 params in which hidden neurons j and k exchange grid cells: rows and columns j,k of W,
 * rows j,k of W_in, entries j,k of b_h, columns j,k of W_out. The network function is unchanged.
 */
export function applySwapReference(params: ParamsLike, j: number, k: number): Params64 {
  const { nInput: nu, nHidden: nh, nOutput: no } = dimsOf(params);
  checkParamShapes(params, { nInput: nu, nHidden: nh, nOutput: no });
  checkIndex("j", j, nh);
  checkIndex("k", k, nh);
  const src = toParams64(params);
  const out = toParams64(params);
  const p = (i: number): number => (i === j ? k : i === k ? j : i); // new index → old index (an involution)
  for (let a = 0; a < nh; a++) {
    for (let b = 0; b < nh; b++) out.W[a * nh + b] = src.W[p(a) * nh + p(b)];
    for (let c = 0; c < nu; c++) out.W_in[a * nu + c] = src.W_in[p(a) * nu + c];
    out.b_h[a] = src.b_h[p(a)];
    for (let o = 0; o < no; o++) out.W_out[o * nh + a] = src.W_out[o * nh + p(a)];
  }
  return out;
}

/** ℓ_cc(after swap j↔k) − ℓ_cc(before), by recomputing the whole connection cost twice. */
export function swapDeltaBruteForce(params: ParamsLike, positions: Positions, A: number, j: number, k: number): number {
  checkPositionCount(positions, params.b_h.length);
  const D = distanceMatrix(positions);
  return connectionCostWithD(applySwapReference(params, j, k), D, A) - connectionCostWithD(params, D, A);
}

/** docs/spec.md §1.5: Δ(j↔k) = A·Σ_{d∉{j,k}} (D_kd − D_jd)(|W_jd| + |W_dj| − |W_kd| − |W_dk|). O(n). */
export function swapDeltaClosedForm(
  W: ArrayLike<number>,
  n: number,
  D: ArrayLike<number>,
  A: number,
  j: number,
  k: number,
): number {
  checkSquare(W, D, n);
  checkIndex("j", j, n);
  checkIndex("k", k, n);
  let s = 0;
  for (let d = 0; d < n; d++) {
    if (d === j || d === k) continue;
    const m = Math.abs(W[j * n + d]) + Math.abs(W[d * n + j]) - Math.abs(W[k * n + d]) - Math.abs(W[d * n + k]);
    s += (D[k * n + d] - D[j * n + d]) * m;
  }
  return A * s;
}

/** Δ for every pair at once (n×n, row j column k), by the formula at the top of this file. O(n³). */
export function swapDeltaAllPairs(W: ArrayLike<number>, n: number, D: ArrayLike<number>, A: number): Float64Array {
  checkSquare(W, D, n);
  const M = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) M[a * n + b] = Math.abs(W[a * n + b]) + Math.abs(W[b * n + a]);
  }
  const S = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let d = 0; d < n; d++) {
      const m = M[a * n + d];
      if (m === 0) continue;
      for (let b = 0; b < n; b++) S[a * n + b] += m * D[d * n + b];
    }
  }
  const delta = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const v =
        S[j * n + k] -
        S[j * n + j] +
        S[k * n + j] -
        S[k * n + k] -
        D[j * n + k] * (M[j * n + j] + M[k * n + k] - 2 * M[j * n + k]);
      delta[j * n + k] = A * v;
    }
  }
  return delta;
}

function checkSquare(W: ArrayLike<number>, D: ArrayLike<number>, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n: expected an integer ≥ 1, got ${n}`);
  if (W.length !== n * n) throw new Error(`W: expected ${n * n} elements ([n=${n}, n=${n}]), got ${W.length}`);
  if (D.length !== n * n) throw new Error(`D: expected ${n * n} elements ([n=${n}, n=${n}]), got ${D.length}`);
}
