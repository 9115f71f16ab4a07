// The contract between src/engine and the compiled kernels (assembly/index.ts): names, argument lists, and which
// kernels are parallel. Pointers are byte offsets into the shared memory, strides are in bytes, counts in elements.
// A parallel kernel takes (…, tid, nth) last and computes a fixed share of its output, so every thread runs it
// with the same arguments; the split never depends on timing, and the results never depend on nth.

type Fn = (...args: number[]) => void;

export interface KernelExports {
  // parallel (…, tid, nth)
  par_gemm_nn: Fn; // m, n, idx, nk, a, ars, aks, b, ldb, c, ldc, accumulate, splitCols
  par_gemm_tn: Fn; // m, n, idx (0 = dense), nk, a, lda, b, ldb, c, ldc, accumulate, splitCols
  par_gemm_nt: Fn; // mi, rows, nj, cols, k, a, lda, b, ldb, c, ldc, splitCols
  rnn_forward: Fn; // nh, nu, B, T, WinT, UT, ldu, stu, WT, P, H, ld, sts, act, compact, flags, lists, stats, ever, bar
  rnn_backward: Fn; // nh, B, T, W, P, H, G, ld, sts, act, compact, flags, lists, stats, ever, bar
  par_gemm_tn_batched: Fn; // count, sa, sb, sc, m, n, nk, a, lda, b, ldb, c, ldc, accumulate, splitCols
  softmax_xent_batched: Fn; // count, so, sl, O, ldo, no, ncols, labels, dO, ldd, scale, losses
  transpose_batched: Fn; // count, ss, sd, src, rows, cols, lds, dst, ldd
  softmax_xent: Fn; // O, ldo, no, ncols, labels, dO, ldd, scale, losses
  fill_f32: Fn; // dst, count, value
  transpose: Fn; // src, rows, cols, lds, dst, ldd
  row_sums: Fn; // src, rows, cols, lds, dst
  fill_bias_noise: Fn; // P, rows, cols, ldp, bias, std, seedA, seedB
  l1_cost_grad: Fn; // p, g, count, lambda, partials
  dist_cost_grad: Fn; // W, D, n, lambdaA, G, partials
  sumsq: Fn; // g, count, partials
  adam: Fn; // p, g, m, v, count, gscale, stepSize, b1, b2, omb1, omb2, eps, bc2sqrt
  swap_abs_sym: Fn; // W, n, M
  swap_delta: Fn; // M, S, D, n, A, Delta
  shuffle_metrics: Fn; // labels, m, k, nbOff, nbList, row, col, count, seed, scratch, blockBytes, out
  // serial
  gemm_nn: Fn; // m, n, idx, nk, a, ars, aks, b, ldb, c, ldc, accumulate
  gemm_tn: Fn; // m, n, idx (0 = dense), nk, a, lda, b, ldb, c, ldc, accumulate
  gemm_nt: Fn; // mi, rows, nj, cols, k, a, lda, b, ldb, c, ldc
  swap_neurons: Fn; // W, Win, bh, Wout, nh, nu, no, j, k
  simd_peak: Fn; // iters, out
  barrier_wait: Fn; // bar, nth
}

export type ParallelKernel =
  | "par_gemm_nn" | "par_gemm_tn" | "par_gemm_nt" | "rnn_forward" | "rnn_backward" | "softmax_xent" | "fill_f32" | "transpose"
  | "row_sums" | "fill_bias_noise" | "l1_cost_grad" | "dist_cost_grad" | "sumsq" | "adam" | "swap_abs_sym"
  | "swap_delta" | "par_gemm_tn_batched" | "softmax_xent_batched" | "transpose_batched" | "shuffle_metrics";

/** Dispatch ids: a job names its kernel by its index here. */
export const PARALLEL_KERNELS: readonly ParallelKernel[] = [
  "par_gemm_nn", "par_gemm_tn", "par_gemm_nt", "rnn_forward", "rnn_backward", "softmax_xent", "fill_f32", "transpose",
  "row_sums", "fill_bias_noise", "l1_cost_grad", "dist_cost_grad", "sumsq", "adam", "swap_abs_sym", "swap_delta",
  "par_gemm_tn_batched", "softmax_xent_batched", "transpose_batched", "shuffle_metrics",
];

/** Floats per reduction chunk (assembly/inline/reduce.ts CHUNK). */
export const REDUCE_CHUNK = 4096;

/** Activation codes (assembly/inline/activation.ts). */
export const ACTIVATION_CODES = { relu: 0, tanh: 1, softplus: 2 } as const;

/** The two builds of the kernel module. */
export const BUILDS = ["portable", "relaxed"] as const;
export type Build = (typeof BUILDS)[number];
/** A build as a setting: one of BUILDS, or "auto" (relaxed where the host supports it). */
export const BUILD_CHOICES = ["auto", ...BUILDS] as const;

/**
 * File name of a build in build/: gyrus-<build>.wasm imports a shared memory (the pool), gyrus-<build>-unshared.wasm
 * the same code on an unshared one (asconfig.json's *-unshared targets), for hosts without shared memory.
 */
export function wasmFileName(build: Build, shared: boolean): string {
  return `gyrus-${build}${shared ? "" : "-unshared"}.wasm`;
}
