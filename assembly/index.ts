// The kernel module's exports. Every kernel takes byte pointers, counts and strides into the imported shared
// memory and allocates nothing. Parallel kernels end in (tid, nth) and compute a fixed share of the output.
import { gemm_nn, gemm_nt, gemm_tn } from "./gemm";
import { partBegin } from "./inline/split";
import { softmax_xent } from "./readout";
import { transpose } from "./elementwise";

export { gemm_nn, gemm_nt, gemm_tn } from "./gemm";
export { barrier_wait } from "./barrier";
export { rnn_forward, rnn_backward } from "./rnn";
export { softmax_xent } from "./readout";
export { fill_f32, transpose, row_sums, fill_bias_noise } from "./elementwise";
export { l1_cost_grad, dist_cost_grad, sumsq } from "./cost";
export { adam } from "./optim";
export { swap_abs_sym, swap_delta, swap_neurons } from "./swap";
export { simd_peak } from "./probe";
export { shuffle_metrics } from "./shuffle";

/** gemm_nn split among threads: by rows in blocks of 6 (splitCols = 0) or by columns in blocks of 8. */
export function par_gemm_nn(
  m: i32, n: i32, idx: usize, nk: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize,
  accumulate: i32, splitCols: i32, tid: i32, nth: i32,
): void {
  if (splitCols) {
    const j0 = partBegin(n, 8, tid, nth), j1 = partBegin(n, 8, tid + 1, nth);
    gemm_nn(m, j1 - j0, idx, nk, a, ars, aks, b + (<usize>j0 << 2), ldb, c + (<usize>j0 << 2), ldc, accumulate);
  } else {
    const i0 = partBegin(m, 6, tid, nth), i1 = partBegin(m, 6, tid + 1, nth);
    gemm_nn(i1 - i0, n, idx, nk, a + <usize>i0 * ars, ars, aks, b, ldb, c + <usize>i0 * ldc, ldc, accumulate);
  }
}

/** gemm_tn split among threads: by rows in blocks of 4 (splitCols = 0) or by columns in blocks of 8. */
export function par_gemm_tn(
  m: i32, n: i32, idx: usize, nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize,
  accumulate: i32, splitCols: i32, tid: i32, nth: i32,
): void {
  if (splitCols) {
    const j0 = partBegin(n, 8, tid, nth), j1 = partBegin(n, 8, tid + 1, nth);
    gemm_tn(m, j1 - j0, idx, nk, a, lda, b + (<usize>j0 << 2), ldb, c + (<usize>j0 << 2), ldc, accumulate);
  } else {
    const i0 = partBegin(m, 4, tid, nth), i1 = partBegin(m, 4, tid + 1, nth);
    gemm_tn(i1 - i0, n, idx, nk, a + (<usize>i0 << 2), lda, b, ldb, c + <usize>i0 * ldc, ldc, accumulate);
  }
}

/** gemm_nt split among threads: the row list in blocks of 2 (splitCols = 0) or the column list in blocks of 4. */
export function par_gemm_nt(
  mi: i32, rows: usize, nj: i32, cols: usize, kk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize,
  splitCols: i32, tid: i32, nth: i32,
): void {
  if (splitCols) {
    const q0 = partBegin(nj, 4, tid, nth), q1 = partBegin(nj, 4, tid + 1, nth);
    gemm_nt(mi, rows, q1 - q0, cols + (<usize>q0 << 2), kk, a, lda, b, ldb, c, ldc);
  } else {
    const p0 = partBegin(mi, 2, tid, nth), p1 = partBegin(mi, 2, tid + 1, nth);
    gemm_nt(p1 - p0, rows + (<usize>p0 << 2), nj, cols, kk, a, lda, b, ldb, c, ldc);
  }
}

// Batched forms for the engine's step-major window (one block per step): the same kernel on `count` blocks, block
// k at base + k·stride for every operand. Each block is split among threads exactly as the single kernel splits it.

/** C_k (+)= Aᵀ·B_k, or with sa ≠ 0 also A_k, for k < count (see gemm_tn). */
export function par_gemm_tn_batched(
  count: i32, sa: usize, sb: usize, sc: usize, m: i32, n: i32, nk: i32, a: usize, lda: usize, b: usize, ldb: usize,
  c: usize, ldc: usize, accumulate: i32, splitCols: i32, tid: i32, nth: i32,
): void {
  for (let k = 0; k < count; k++) {
    par_gemm_tn(m, n, 0, nk, a + <usize>k * sa, lda, b + <usize>k * sb, ldb, c + <usize>k * sc, ldc, accumulate, splitCols, tid, nth);
  }
}

/** softmax_xent on count blocks of ncols columns: logits/dO/labels/losses of block k at base + k·stride. */
export function softmax_xent_batched(
  count: i32, so: usize, sl: usize, O: usize, ldo: usize, no: i32, ncols: i32, labels: usize, dO: usize, ldd: usize,
  scale: f32, losses: usize, tid: i32, nth: i32,
): void {
  for (let k = 0; k < count; k++) {
    softmax_xent(O + <usize>k * so, ldo, no, ncols, labels + <usize>k * sl, dO + <usize>k * so, ldd, scale, losses + <usize>k * sl, tid, nth);
  }
}

/** transpose on count blocks: source block k at src + k·ss, destination block k at dst + k·sd. */
export function transpose_batched(
  count: i32, ss: usize, sd: usize, src: usize, rows: i32, cols: i32, lds: usize, dst: usize, ldd: usize, tid: i32, nth: i32,
): void {
  for (let k = 0; k < count; k++) transpose(src + <usize>k * ss, rows, cols, lds, dst + <usize>k * sd, ldd, tid, nth);
}
