// The contract between src/engine and the compiled kernels (assembly/index.ts): names, argument lists, and which
// kernels are parallel. Pointers are byte offsets into the shared memory, strides are in bytes, counts in elements.
// A parallel kernel takes (…, tid, nth) last and computes a fixed share of its output, so every thread runs it
// with the same arguments; the split never depends on timing, and the results never depend on nth.
//
// The argument names are data (PARALLEL_KERNEL_ARGS, SERIAL_KERNEL_ARGS, spelled as in assembly/), and the function
// types are derived from them: a kernel's call is a tuple of exactly its arguments (kernel-calls.ts turns an object
// with one field per argument into that tuple). test/engine/kernel-arity.test.ts holds every build to these lists.

import type { Activation } from "../model/types.js";

/**
 * Every parallel kernel's arguments in order, without the (tid, nth) the pool appends (THREAD_ARGS). The key order
 * is the dispatch order (PARALLEL_KERNELS).
 */
export const PARALLEL_KERNEL_ARGS = {
  /** C (+)= A·B over the index list idx; rows of A at stride ars, its k-columns at aks; split by rows or columns. */
  par_gemm_nn: ["m", "n", "idx", "nk", "a", "ars", "aks", "b", "ldb", "c", "ldc", "accumulate", "splitCols"],
  /** C (+)= Aᵀ·B over the index list idx (0 = dense); split by rows or columns. */
  par_gemm_tn: ["m", "n", "idx", "nk", "a", "lda", "b", "ldb", "c", "ldc", "accumulate", "splitCols"],
  /** C = A·Bᵀ on the listed rows × cols, k = kk; split by the row list or the column list. */
  par_gemm_nt: ["mi", "rows", "nj", "cols", "kk", "a", "lda", "b", "ldb", "c", "ldc", "splitCols"],
  /** The whole forward pass over T steps (assembly/rnn.ts), one barrier per step. */
  rnn_forward: [
    "nh",
    "nu",
    "B",
    "T",
    "WinT",
    "UT",
    "ldu",
    "stu",
    "WT",
    "P",
    "H",
    "ld",
    "sts",
    "act",
    "alpha",
    "compact",
    "flags",
    "lists",
    "stats",
    "ever",
    "bar",
  ],
  /** The whole backward pass (BPTT) over T steps: dL/dpre into G. */
  rnn_backward: [
    "nh",
    "B",
    "T",
    "W",
    "P",
    "H",
    "G",
    "ld",
    "sts",
    "act",
    "alpha",
    "compact",
    "flags",
    "lists",
    "stats",
    "ever",
    "bar",
  ],
  /** Softmax cross-entropy of ncols columns: losses and scale·dL/dO. */
  softmax_xent: ["O", "ldo", "no", "ncols", "labels", "dO", "ldd", "scale", "losses"],
  /** dst[0…count) = value. */
  fill_f32: ["dst", "count", "value"],
  /** dst = srcᵀ (rows × cols → cols × rows). */
  transpose: ["src", "rows", "cols", "lds", "dst", "ldd"],
  /** dst[i] = Σ_j src(i, j). */
  row_sums: ["src", "rows", "cols", "lds", "dst"],
  /** P(i, j) = bias[i] + std·N(seedA, seedB, i, j). */
  fill_bias_noise: ["P", "rows", "cols", "ldp", "bias", "std", "seedA", "seedB"],
  /** Σ|p| per REDUCE_CHUNK into partials; g += lambda·sign(p). */
  l1_cost_grad: ["p", "g", "count", "lambda", "partials"],
  /** Σ_j |W(i, j)|·D(i, j) per row into partials; G += lambdaA·sign(W)·D. */
  dist_cost_grad: ["W", "D", "n", "lambdaA", "G", "partials"],
  /** Σ g² per REDUCE_CHUNK into partials. */
  sumsq: ["g", "count", "partials"],
  /** One Adam step on count parameters (gradients scaled by gscale). */
  adam: ["p", "g", "m", "v", "count", "gscale", "stepSize", "b1", "b2", "omb1", "omb2", "eps", "bc2sqrt"],
  /** M = |W| + |W|ᵀ. */
  swap_abs_sym: ["W", "n", "M"],
  /** Delta(j, k) = change of the distance cost if neurons j and k swapped. */
  swap_delta: ["M", "S", "D", "n", "A", "Delta"],
  /** par_gemm_tn on count blocks, block k of each operand at base + k·stride (sa = 0: one shared A). */
  par_gemm_tn_batched: [
    "count",
    "sa",
    "sb",
    "sc",
    "m",
    "n",
    "nk",
    "a",
    "lda",
    "b",
    "ldb",
    "c",
    "ldc",
    "accumulate",
    "splitCols",
  ],
  /** softmax_xent on count blocks (logits and dO at stride so, labels and losses at sl). */
  softmax_xent_batched: ["count", "so", "sl", "O", "ldo", "no", "ncols", "labels", "dO", "ldd", "scale", "losses"],
  /** transpose on count blocks (source at stride ss, destination at sd). */
  transpose_batched: ["count", "ss", "sd", "src", "rows", "cols", "lds", "dst", "ldd"],
  /** count label shuffles and both anatomy metrics of each (assembly/shuffle.ts). */
  shuffle_metrics: [
    "labels",
    "m",
    "k",
    "nbOff",
    "nbList",
    "row",
    "col",
    "count",
    "seed",
    "scratch",
    "blockBytes",
    "out",
  ],
} as const;

/** Every serial kernel's arguments in order (run on the calling thread only). */
export const SERIAL_KERNEL_ARGS = {
  gemm_nn: ["m", "n", "idx", "nk", "a", "ars", "aks", "b", "ldb", "c", "ldc", "accumulate"],
  gemm_tn: ["m", "n", "idx", "nk", "a", "lda", "b", "ldb", "c", "ldc", "accumulate"],
  gemm_nt: ["mi", "rows", "nj", "cols", "kk", "a", "lda", "b", "ldb", "c", "ldc"],
  /** Hidden neurons j and k exchange places in W, W_in, b_h, W_out. */
  swap_neurons: ["W", "Win", "bh", "Wout", "nh", "nu", "no", "j", "k"],
  /** A fixed SIMD multiply-add loop (the peak-FLOP probe of bench/). */
  simd_peak: ["iters", "out"],
  /** The barrier parallel kernels synchronise on inside a job. */
  barrier_wait: ["bar", "nth"],
} as const;

/** The two arguments the pool appends to every parallel kernel's own. */
export const THREAD_ARGS = ["tid", "nth"] as const;

/** Every kernel's arguments (parallel ones without THREAD_ARGS). */
export const KERNEL_ARGS = { ...PARALLEL_KERNEL_ARGS, ...SERIAL_KERNEL_ARGS } as const;

/** A kernel the pool runs on every thread. */
export type ParallelKernel = keyof typeof PARALLEL_KERNEL_ARGS;
/** A kernel that runs on the calling thread only. */
export type SerialKernel = keyof typeof SERIAL_KERNEL_ARGS;
/** Any exported kernel. */
export type KernelName = ParallelKernel | SerialKernel;
/** The argument names of kernel K, in order (as a readonly tuple of literals). */
export type KernelArgNames<K extends KernelName> = (typeof KERNEL_ARGS)[K];
/** One number per name of a tuple of names (same length). */
type NumbersFor<T extends readonly string[]> = { -readonly [I in keyof T]: number };
/** The arguments of kernel K as the caller gives them (for a parallel kernel: without tid, nth). */
export type KernelArgs<K extends KernelName> = NumbersFor<KernelArgNames<K>>;
/** The arguments of kernel K as an object with one field per argument name. */
export type NamedKernelArgs<K extends KernelName> = { readonly [N in KernelArgNames<K>[number]]: number };

/** The instance's exports as typed functions: a parallel kernel takes its arguments, then (tid, nth). */
export type KernelExports = {
  readonly [K in ParallelKernel]: (...args: [...KernelArgs<K>, tid: number, nth: number]) => void;
} & { readonly [K in SerialKernel]: (...args: KernelArgs<K>) => void };

/** Dispatch ids: a job names its kernel by its index here. */
export const PARALLEL_KERNELS = Object.keys(PARALLEL_KERNEL_ARGS) as readonly ParallelKernel[];
/** The serial kernels. */
export const SERIAL_KERNELS = Object.keys(SERIAL_KERNEL_ARGS) as readonly SerialKernel[];

/** True if name is a parallel kernel. */
export function isParallelKernel(name: string): name is ParallelKernel {
  return Object.hasOwn(PARALLEL_KERNEL_ARGS, name);
}

/** True if name is an exported kernel. */
export function isKernel(name: string): name is KernelName {
  return Object.hasOwn(KERNEL_ARGS, name);
}

/** Floats per reduction chunk (assembly/inline/reduce.ts CHUNK). */
export const REDUCE_CHUNK = 4096;

/** Activation codes (assembly/inline/activation.ts). */
export const ACTIVATION_CODES = { relu: 0, tanh: 1, softplus: 2 } as const satisfies Record<Activation, number>;

/** The two builds of the kernel module. */
export const BUILDS = ["portable", "relaxed"] as const;
/** One of BUILDS: "relaxed" uses relaxed-SIMD fused multiply-add, "portable" plain SIMD128. */
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
