// Plain-TypeScript float64 references for the kernels of src/engine/kernels.ts, one function per kernel, named after it.
//
// Conventions: every pointer of the kernel becomes an array that starts where the pointer points, and every stride
// is in ELEMENTS (a kernel's byte stride / 4). Arithmetic is float64 unless a helper says otherwise; outputs are
// written in place, exactly the elements the kernel contract says it writes and nothing else.
// rnn_forward / rnn_backward are covered by src/model/reference.ts (and their own tests); barrier_wait computes
// nothing. The *_f32order helpers at the end emulate the documented f32 accumulation orders bit for bit.
// gemm_nn is what earlier revisions called gemm_idx (same arguments).

import { REDUCE_CHUNK } from "../../src/engine/kernels.js";
import { fmix32 } from "../../src/tasks/rng.js";

/** A mutable array of numbers (Float64Array, Float32Array, Int32Array or number[]). */
export interface NumArray {
  [i: number]: number;
  readonly length: number;
}

// ---------------------------------------------------------------- products

/**
 * gemm_nn (formerly gemm_idx), the general strided product:
 * C(i, j) = (accumulate ? C(i, j) : 0) + Σ_{p < nk} A(i, idx[p]) · B(idx[p], j) for i < m, j < n.
 * A(i, k) at a[i·ars + k·aks] (A·B: ars = lda, aks = 1; Aᵀ·B: ars = 1, aks = lda), B(k, j) at b[k·ldb + j],
 * C(i, j) at c[i·ldc + j]. Terms are added in list order.
 */
export function gemm_nn(
  m: number,
  n: number,
  idx: NumArray,
  nk: number,
  a: NumArray,
  ars: number,
  aks: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  accumulate: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let x = accumulate ? c[i * ldc + j] : 0;
      for (let p = 0; p < nk; p++) {
        const k = idx[p];
        x += a[i * ars + k * aks] * b[k * ldb + j];
      }
      c[i * ldc + j] = x;
    }
  }
}

/** The parallel gemm_nn: the same result whatever the split (splitCols only chooses how threads share it). */
export function par_gemm_nn(
  m: number,
  n: number,
  idx: NumArray,
  nk: number,
  a: NumArray,
  ars: number,
  aks: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  accumulate: number,
  _splitCols: number,
): void {
  gemm_nn(m, n, idx, nk, a, ars, aks, b, ldb, c, ldc, accumulate);
}

/**
 * gemm_tn, Aᵀ·B over contiguous rows of A: C(i, j) = (accumulate ? C(i, j) : 0) + Σ_p A(k_p, i) · B(k_p, j) for
 * i < m, j < n, with k_p = idx[p] for p < nk, or k_p = p when idx is null (the kernel's idx = 0, dense).
 * A(k, i) at a[k·lda + i], B(k, j) at b[k·ldb + j], C(i, j) at c[i·ldc + j].
 */
export function gemm_tn(
  m: number,
  n: number,
  idx: NumArray | null,
  nk: number,
  a: NumArray,
  lda: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  accumulate: number,
): void {
  gemm_nn(m, n, idx ?? identity(nk), nk, a, 1, lda, b, ldb, c, ldc, accumulate);
}

/** The parallel gemm_tn: the same result whatever the split. */
export function par_gemm_tn(
  m: number,
  n: number,
  idx: NumArray | null,
  nk: number,
  a: NumArray,
  lda: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  accumulate: number,
  _splitCols: number,
): void {
  gemm_tn(m, n, idx, nk, a, lda, b, ldb, c, ldc, accumulate);
}

function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * gemm_nt, A·Bᵀ on listed rows and columns: C(i, j) += Σ_{k < K} A(i, k) · B(j, k) for i = rows[p], p < mi, and
 * j = cols[q], q < nj; no other entry of C is touched. A(i, k) at a[i·lda + k], B(j, k) at b[j·ldb + k].
 */
export function gemm_nt(
  mi: number,
  rows: NumArray,
  nj: number,
  cols: NumArray,
  K: number,
  a: NumArray,
  lda: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
): void {
  for (let p = 0; p < mi; p++) {
    const i = rows[p];
    for (let q = 0; q < nj; q++) {
      const j = cols[q];
      let x = 0;
      for (let k = 0; k < K; k++) x += a[i * lda + k] * b[j * ldb + k];
      c[i * ldc + j] += x;
    }
  }
}

/** The parallel gemm_nt: the same result whatever the split. */
export function par_gemm_nt(
  mi: number,
  rows: NumArray,
  nj: number,
  cols: NumArray,
  K: number,
  a: NumArray,
  lda: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  _splitCols: number,
): void {
  gemm_nt(mi, rows, nj, cols, K, a, lda, b, ldb, c, ldc);
}

// ---------------------------------------------------------------- data movement and row sums

/** dst[i] = value for i < count. */
export function fill_f32(dst: NumArray, count: number, value: number): void {
  for (let i = 0; i < count; i++) dst[i] = value;
}

/** dst(j, i) = src(i, j) for i < rows, j < cols; src(i, j) at src[i·lds + j], dst(j, i) at dst[j·ldd + i]. */
export function transpose(src: NumArray, rows: number, cols: number, lds: number, dst: NumArray, ldd: number): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[j * ldd + i] = src[i * lds + j];
}

/** dst[i] = Σ_{j < cols} src(i, j) for i < rows. */
export function row_sums(src: NumArray, rows: number, cols: number, lds: number, dst: NumArray): void {
  for (let i = 0; i < rows; i++) {
    let x = 0;
    for (let j = 0; j < cols; j++) x += src[i * lds + j];
    dst[i] = x;
  }
}

// ---------------------------------------------------------------- counter-based normal noise

/** murmur3's 32-bit finaliser (vmix32 of assembly/inline/vmath.ts), on uint32 values. */
export const mix32 = fmix32;

const INV_2_23 = Math.fround(1.1920929e-7);

/** The multipliers fill_bias_noise hands vuniform for the radius and for the angle. */
export const NOISE_MULT_RADIUS = 0x9e3779b9;
export const NOISE_MULT_ANGLE = 0x85ebca77;

/**
 * vuniform bit for bit: the 23 high bits k of mix32(key·mult + seed) (i32 wrap-around), then
 * fround(fround(k + 0.5) · 2⁻²³) — exact in f32, so u is never 0 or 1.
 */
export function uniform(key: number, mult: number, seed: number): number {
  const h = mix32((Math.imul(key | 0, mult | 0) + (seed | 0)) | 0);
  return Math.fround(Math.fround((h >>> 9) + 0.5) * INV_2_23);
}

/**
 * The Box–Muller pair of a key, in exact float64 on the kernel's uniforms: r = √(−2 ln u1) with
 * u1 = uniform(key, NOISE_MULT_RADIUS, seedA), θ = 2π·u2 with u2 = uniform(key, NOISE_MULT_ANGLE, seedB).
 */
export function normalPair(key: number, seedA: number, seedB: number): [cos: number, sin: number] {
  const r = Math.sqrt(-2 * Math.log(uniform(key, NOISE_MULT_RADIUS, seedA)));
  const theta = 2 * Math.PI * uniform(key, NOISE_MULT_ANGLE, seedB);
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

/**
 * The standard normal N(i, j) of fill_bias_noise for a row of `cols` columns: columns 8q … 8q+3 take the cosine
 * and 8q+4 … 8q+7 the sine of the pairs keyed i·cols + 4q + (j mod 4).
 */
export function noiseAt(i: number, j: number, cols: number, seedA: number, seedB: number): number {
  const q = Math.floor(j / 8),
    l = j % 4;
  const [c, s] = normalPair((i * cols + 4 * q + l) | 0, seedA, seedB);
  return j % 8 < 4 ? c : s;
}

/** P(i, j) = bias[i] + std · N(i, j) for i < rows, j < cols (std = 0: the bias alone); P(i, j) at P[i·ldp + j]. */
export function fill_bias_noise(
  P: NumArray,
  rows: number,
  cols: number,
  ldp: number,
  bias: NumArray,
  std: number,
  seedA: number,
  seedB: number,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++)
      P[i * ldp + j] = std === 0 ? bias[i] : bias[i] + std * noiseAt(i, j, cols, seedA, seedB);
  }
}

// ---------------------------------------------------------------- readout

/**
 * For every column j < ncols of O [no × ncols] (O(c, j) at O[c·ldo + j]): losses[j] = logsumexp(O[:, j]) −
 * O(label_j, j) and dO(c, j) = (softmax(O[:, j])_c − [c = label_j]) · scale (dO(c, j) at dO[c·ldd + j]).
 * dO may be the same array as O: each column is read completely before it is written.
 */
export function softmax_xent(
  O: NumArray,
  ldo: number,
  no: number,
  ncols: number,
  labels: NumArray,
  dO: NumArray,
  ldd: number,
  scale: number,
  losses: NumArray,
): void {
  const col = new Float64Array(no);
  for (let j = 0; j < ncols; j++) {
    let mx = -Infinity;
    for (let c = 0; c < no; c++) {
      col[c] = O[c * ldo + j];
      mx = Math.max(mx, col[c]);
    }
    let sum = 0;
    for (let c = 0; c < no; c++) sum += Math.exp(col[c] - mx);
    const label = labels[j];
    losses[j] = mx + Math.log(sum) - col[label];
    for (let c = 0; c < no; c++) dO[c * ldd + j] = (Math.exp(col[c] - mx) / sum - (c === label ? 1 : 0)) * scale;
  }
}

// ---------------------------------------------------------------- connection cost and norms

/** Floats per reduction chunk (assembly/inline/reduce.ts CHUNK; test/engine/kernel-arity.test.ts checks they agree). */
export const CHUNK = REDUCE_CHUNK;

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** partials[c] = Σ |p| over chunk c (CHUNK floats each); g += lambda·sign(p) when lambda ≠ 0 (sign(±0) = 0). */
export function l1_cost_grad(p: NumArray, g: NumArray, count: number, lambda: number, partials: NumArray): void {
  const chunks = Math.ceil(count / CHUNK);
  for (let c = 0; c < chunks; c++) {
    let acc = 0;
    for (let i = c * CHUNK; i < Math.min(count, (c + 1) * CHUNK); i++) {
      acc += Math.abs(p[i]);
      if (lambda !== 0) g[i] += lambda * sign(p[i]);
    }
    partials[c] = acc;
  }
}

/** For the n×n matrices W, D, G (row-major, contiguous): partials[i] = Σ_j D_ij·|W_ij|; G_ij += lambdaA·D_ij·sign(W_ij). */
export function dist_cost_grad(
  W: NumArray,
  D: NumArray,
  n: number,
  lambdaA: number,
  G: NumArray,
  partials: NumArray,
): void {
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) {
      const o = i * n + j;
      acc += D[o] * Math.abs(W[o]);
      if (lambdaA !== 0) G[o] += lambdaA * D[o] * sign(W[o]);
    }
    partials[i] = acc;
  }
}

/** partials[c] = Σ g² over chunk c. */
export function sumsq(g: NumArray, count: number, partials: NumArray): void {
  const chunks = Math.ceil(count / CHUNK);
  for (let c = 0; c < chunks; c++) {
    let acc = 0;
    for (let i = c * CHUNK; i < Math.min(count, (c + 1) * CHUNK); i++) acc += g[i] * g[i];
    partials[c] = acc;
  }
}

// ---------------------------------------------------------------- optimiser

/** The per-step scalars the caller passes to adam for step t ≥ 1 (PyTorch 1.13, non-fused, no weight decay). */
export function adamScalars(lr: number, b1: number, b2: number, t: number): { stepSize: number; bc2sqrt: number } {
  return { stepSize: lr / (1 - b1 ** t), bc2sqrt: Math.sqrt(1 - b2 ** t) };
}

/**
 * One Adam step for i < count: g' = g·gscale; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
 * p −= stepSize · m / (√v / bc2sqrt + eps).
 */
export function adam(
  p: NumArray,
  g: NumArray,
  m: NumArray,
  v: NumArray,
  count: number,
  gscale: number,
  stepSize: number,
  b1: number,
  b2: number,
  eps: number,
  bc2sqrt: number,
): void {
  for (let i = 0; i < count; i++) {
    const gg = g[i] * gscale;
    m[i] = b1 * m[i] + (1 - b1) * gg;
    v[i] = b2 * v[i] + (1 - b2) * gg * gg;
    p[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / bc2sqrt + eps));
  }
}

// ---------------------------------------------------------------- neuron swaps

/** M = |W| + |W|ᵀ (n×n, row-major, contiguous). */
export function swap_abs_sym(W: NumArray, n: number, M: NumArray): void {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) M[i * n + j] = Math.abs(W[i * n + j]) + Math.abs(W[j * n + i]);
}

/** Delta[j·n + k] = A·[S_jk + S_kj − S_jj − S_kk − D_jk·(M_jj + M_kk − 2·M_jk)] (all n×n, contiguous). */
export function swap_delta(M: NumArray, S: NumArray, D: NumArray, n: number, A: number, Delta: NumArray): void {
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const s = S[j * n + k] + S[k * n + j] - S[j * n + j] - S[k * n + k];
      const corr = D[j * n + k] * (M[j * n + j] + M[k * n + k] - 2 * M[j * n + k]);
      Delta[j * n + k] = A * (s - corr);
    }
  }
}

/**
 * Exchange hidden neurons j and k in place: rows and columns of W [nh×nh], rows of Win [nh×nu], entries of bh,
 * columns of Wout [no×nh]. Written as a permutation π = (j k): W'(r, c) = W(π r, π c), and so on.
 */
export function swap_neurons(
  W: NumArray,
  Win: NumArray,
  bh: NumArray,
  Wout: NumArray,
  nh: number,
  nu: number,
  no: number,
  j: number,
  k: number,
): void {
  const pi = (r: number): number => (r === j ? k : r === k ? j : r);
  const W0 = Array.from({ length: nh * nh }, (_, i) => W[i]);
  for (let r = 0; r < nh; r++) for (let c = 0; c < nh; c++) W[r * nh + c] = W0[pi(r) * nh + pi(c)];
  const Win0 = Array.from({ length: nh * nu }, (_, i) => Win[i]);
  for (let r = 0; r < nh; r++) for (let c = 0; c < nu; c++) Win[r * nu + c] = Win0[pi(r) * nu + c];
  const bh0 = Array.from({ length: nh }, (_, i) => bh[i]);
  for (let r = 0; r < nh; r++) bh[r] = bh0[pi(r)];
  const Wout0 = Array.from({ length: no * nh }, (_, i) => Wout[i]);
  for (let o = 0; o < no; o++) for (let c = 0; c < nh; c++) Wout[o * nh + c] = Wout0[o * nh + pi(c)];
}

// ---------------------------------------------------------------- probe

/** out[0..3] = the checksum of simd_peak: 12 chains x ← x·0.999999 + 1e-7 (f32 constants) from 1 … 12, summed. */
export function simd_peak(iters: number, out: NumArray): void {
  const a = Math.fround(0.999999),
    b = Math.fround(1e-7);
  let s = 0;
  for (let c = 1; c <= 12; c++) {
    let x = c;
    for (let i = 0; i < iters; i++) x = x * a + b;
    s += x;
  }
  for (let l = 0; l < 4; l++) out[l] = s;
}

// ---------------------------------------------------------------- bit-exact f32 emulations of the documented orders

/** fround(a·b + c) with one rounding (a fused multiply-add on f32 values), exactly. */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact: two 24-bit significands
  const s = p + c;
  // TwoSum: s + e = p + c exactly.
  const bb = s - p;
  const e = p - (s - bb) + (c - bb);
  const r = Math.fround(s);
  if (e === 0 || !Number.isFinite(s)) return r;
  // s rounds the same as p + c unless s sits exactly on a midpoint between two f32 values; then e decides.
  const lo = r <= s ? r : nextDownF32(r),
    hi = r >= s ? r : nextUpF32(r);
  if (lo === hi || s - lo !== hi - s) return r;
  return e > 0 ? hi : lo;
}

const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
function nextUpF32(x: number): number {
  f32buf[0] = x;
  if (x === 0) return 1.401298464324817e-45;
  u32buf[0] += x > 0 ? 1 : -1;
  return f32buf[0];
}
function nextDownF32(x: number): number {
  return -nextUpF32(-x);
}

/** a·b + c on f32 values as the build's madd does it: fused, or rounded after the product and after the sum. */
export function maddF32(a: number, b: number, c: number, fused: boolean): number {
  return fused ? fmaF32(a, b, c) : Math.fround(Math.fround(a * b) + c);
}

/**
 * gemm_nn / gemm_tn bit for bit (pass ars = 1, aks = lda and the dense list for gemm_tn): f32 accumulation in list
 * order from C (or +0). Columns j < n − n mod 4 go through the vector tiles (madd, fused iff `fused`), the column
 * tail through the scalar dot (always a rounded multiply, then a rounded add).
 */
export function gemm_nn_f32order(
  m: number,
  n: number,
  idx: NumArray,
  nk: number,
  a: NumArray,
  ars: number,
  aks: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  accumulate: number,
  fused: boolean,
): void {
  const nv = n - (n % 4);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let x = accumulate ? Math.fround(c[i * ldc + j]) : 0;
      for (let p = 0; p < nk; p++) {
        const k = idx[p];
        x = maddF32(Math.fround(a[i * ars + k * aks]), Math.fround(b[k * ldb + j]), x, fused && j < nv);
      }
      c[i * ldc + j] = x;
    }
  }
}

/**
 * gemm_nt bit for bit on the listed rows and columns: per element, 4 lane sums over k < K − K mod 4 (lane l takes
 * k ≡ l mod 4, madd), reduced as (l0 + l1) + (l2 + l3), then the scalar k tail (mul, then add), then added to C.
 */
export function gemm_nt_f32order(
  mi: number,
  rows: NumArray,
  nj: number,
  cols: NumArray,
  K: number,
  a: NumArray,
  lda: number,
  b: NumArray,
  ldb: number,
  c: NumArray,
  ldc: number,
  fused: boolean,
): void {
  const kv = K - (K % 4);
  const f = Math.fround;
  for (let p = 0; p < mi; p++) {
    const i = rows[p];
    for (let q = 0; q < nj; q++) {
      const j = cols[q];
      const s = [0, 0, 0, 0];
      for (let k = 0; k < kv; k++) s[k % 4] = maddF32(f(a[i * lda + k]), f(b[j * ldb + k]), s[k % 4], fused);
      let x = f(f(s[0] + s[1]) + f(s[2] + s[3]));
      for (let k = kv; k < K; k++) x = f(x + f(f(a[i * lda + k]) * f(b[j * ldb + k])));
      c[i * ldc + j] = f(f(c[i * ldc + j]) + x);
    }
  }
}

/** row_sums bit for bit: 4 lane sums over j < cols − cols mod 4, (l0 + l1) + (l2 + l3), then the scalar tail. */
export function row_sums_f32order(src: NumArray, rows: number, cols: number, lds: number, dst: NumArray): void {
  const cv = cols - (cols % 4);
  const f = Math.fround;
  for (let i = 0; i < rows; i++) {
    const s = [0, 0, 0, 0];
    for (let j = 0; j < cv; j++) s[j % 4] = f(s[j % 4] + f(src[i * lds + j]));
    let x = f(f(s[0] + s[1]) + f(s[2] + s[3]));
    for (let j = cv; j < cols; j++) x = f(x + f(src[i * lds + j]));
    dst[i] = x;
  }
}
