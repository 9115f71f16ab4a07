// The kernel module's exports. Every kernel takes byte pointers, counts and strides into the imported shared
// memory and allocates nothing. Parallel kernels end in (tid, nth) and compute a fixed share of the output.
import { gemm_idx, gemm_nt } from "./gemm";
import { partBegin } from "./inline/split";

export { gemm_idx, gemm_nt } from "./gemm";
export { barrier_wait } from "./barrier";
export { rnn_forward, rnn_backward } from "./rnn";
export { softmax_xent } from "./readout";
export { fill_f32, transpose, row_sums, fill_bias_noise } from "./elementwise";
export { l1_cost_grad, dist_cost_grad, sumsq } from "./cost";
export { adam } from "./optim";
export { swap_abs_sym, swap_delta, swap_neurons } from "./swap";
export { simd_peak } from "./probe";

/** gemm_idx split among threads: by rows in blocks of 6 (splitCols = 0) or by columns in blocks of 8. */
export function par_gemm_idx(
  m: i32, n: i32, idx: usize, nk: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize,
  accumulate: i32, splitCols: i32, tid: i32, nth: i32,
): void {
  if (splitCols) {
    const j0 = partBegin(n, 8, tid, nth), j1 = partBegin(n, 8, tid + 1, nth);
    gemm_idx(m, j1 - j0, idx, nk, a, ars, aks, b + (<usize>j0 << 2), ldb, c + (<usize>j0 << 2), ldc, accumulate);
  } else {
    const i0 = partBegin(m, 6, tid, nth), i1 = partBegin(m, 6, tid + 1, nth);
    gemm_idx(i1 - i0, n, idx, nk, a + <usize>i0 * ars, ars, aks, b, ldb, c + <usize>i0 * ldc, ldc, accumulate);
  }
}

/** gemm_nt split among threads by rows (blocks of 2) or columns (blocks of 4). */
export function par_gemm_nt(
  m: i32, n: i32, kk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, splitCols: i32,
  tid: i32, nth: i32,
): void {
  if (splitCols) {
    const j0 = partBegin(n, 4, tid, nth), j1 = partBegin(n, 4, tid + 1, nth);
    gemm_nt(m, j1 - j0, kk, a, lda, b + <usize>j0 * ldb, ldb, c + (<usize>j0 << 2), ldc);
  } else {
    const i0 = partBegin(m, 2, tid, nth), i1 = partBegin(m, 2, tid + 1, nth);
    gemm_nt(i1 - i0, n, kk, a + <usize>i0 * lda, lda, b, ldb, c + <usize>i0 * ldc, ldc);
  }
}
