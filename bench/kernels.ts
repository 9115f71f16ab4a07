// Kernel throughput on the RNN's shapes: the SIMD mul+add peak of this machine (same run), then GFLOP/s of each
// product as a share of that peak, single-threaded, plus the all-pairs swap Δ for n = 400.
import { identityPermutation, swapRound } from "../src/train/swaps.js";
import type { Engine } from "../src/index.js";
import { callKernel } from "../src/engine/kernel-calls.js";
import { measure } from "./measure.js";
import { gridPositions } from "../src/model/geometry.js";
import { PAPER_NETWORK } from "../src/model/paper.js";

export interface KernelRow {
  build: string;
  kernel: string;
  shape: string;
  ms: number;
  gflops: number;
  /** share of the machine's measured per-core peak (bench/run.ts sets it against the better of both probes) */
  ofPeak: number;
}

const PEAK_ITERS = 2_000_000;

/** 12 independent f32x4 mul+add chains: 96 flops per round. */
export function measurePeak(engine: Engine, maxTime: number): number {
  const out = engine.arena.alloc(64);
  const t = measure("simd_peak", () => engine.kernels.simd_peak(PEAK_ITERS, out), { maxTime });
  engine.arena.release(out);
  return (96 * PEAK_ITERS) / (t.ms * 1e6);
}

function filled(engine: Engine, n: number, seed: number): number {
  const p = engine.arena.alloc(n * 4);
  const v = engine.arena.f32(p, n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(i * 0.37 + seed) * 0.1;
  return p;
}

function iota(engine: Engine, n: number): number {
  const p = engine.arena.alloc(n * 4);
  const v = engine.arena.i32(p, n);
  for (let i = 0; i < n; i++) v[i] = i;
  return p;
}

export function kernelRows(engine: Engine, peak: number, maxTime: number): KernelRow[] {
  const rows: KernelRow[] = [];
  const k = engine.kernels;
  const keep: number[] = [];
  const buf = (n: number) => {
    const p = filled(engine, n, keep.length);
    keep.push(p);
    return p;
  };
  const ids = iota(engine, 6400);
  keep.push(ids);
  const add = (kernel: string, shape: string, flops: number, fn: () => void) => {
    const t = measure(`${kernel} ${shape}`, fn, { maxTime });
    const gflops = flops / (t.ms * 1e6);
    rows.push({ build: engine.build, kernel, shape, ms: t.ms, gflops, ofPeak: gflops / peak });
  };
  const nh = 400,
    nu = 53,
    no = 17;
  for (const B of [16, 64]) {
    const W = buf(nh * nh),
      H = buf(nh * B),
      C = buf(nh * B),
      U = buf(nu * B),
      Win = buf(nu * nh);
    // forward step: P_t += W·h (as Wᵀ-stored Aᵀ·B, dense and through an index list), P_t += W_in·u
    // C (+)= Aᵀ·B over a dense (idx 0) or listed k-range: m × nk stored as A (lda = m), B and C with B columns
    const tn = (m: number, idx: number, nk: number, a: number, b: number, c: number) => () =>
      callKernel(k, "gemm_tn", { m, n: B, idx, nk, a, lda: m * 4, b, ldb: B * 4, c, ldc: B * 4, accumulate: 1 });
    add("Aᵀ·B dense", `400×400·400×${B}`, 2 * nh * nh * B, tn(nh, 0, nh, W, H, C));
    add("Aᵀ·B indexed", `400×400·400×${B}`, 2 * nh * nh * B, tn(nh, ids, nh, W, H, C));
    add("Aᵀ·B dense", `400×53·53×${B}`, 2 * nh * nu * B, tn(nh, 0, nu, Win, U, C));
    add("A·B (strided)", `400×400·400×${B}`, 2 * nh * nh * B, () =>
      callKernel(k, "gemm_nn", {
        m: nh,
        n: B,
        idx: ids,
        nk: nh,
        a: W,
        ars: nh * 4,
        aks: 4,
        b: H,
        ldb: B * 4,
        c: C,
        ldc: B * 4,
        accumulate: 1,
      }),
    );
    const Wo = buf(nh * no),
      O = buf(no * B);
    add("Aᵀ·B dense", `17×400·400×${B}`, 2 * no * nh * B, tn(no, 0, nh, Wo, H, O));
    add("Aᵀ·B dense", `400×17·17×${B}`, 2 * no * nh * B, tn(nh, 0, no, Wo, O, C));
  }
  // weight gradients over a whole window (T = 100, B = 64): A·Bᵀ with k = T·B
  const TB = 6400,
    G = buf(nh * TB),
    H = buf(nh * TB),
    dW = buf(nh * nh),
    UT = buf(nu * TB),
    dWin = buf(nh * nu);
  const nt = (nj: number, b: number, c: number) => () =>
    callKernel(k, "gemm_nt", {
      mi: nh,
      rows: ids,
      nj,
      cols: ids,
      kk: TB,
      a: G,
      lda: TB * 4,
      b,
      ldb: TB * 4,
      c,
      ldc: nj * 4,
    });
  add("A·Bᵀ", "400×6400·(400×6400)ᵀ", 2 * nh * nh * TB, nt(nh, H, dW));
  add("A·Bᵀ", "400×6400·(53×6400)ᵀ", 2 * nh * nu * TB, nt(nu, UT, dWin));
  for (const p of keep) engine.arena.release(p);
  return rows;
}

/** The all-pairs swap Δ of a 400-neuron 20×20 network, on the engine's threads. */
export function swapDeltaMs(engine: Engine, maxTime: number): number {
  const net = engine.network(PAPER_NETWORK);
  try {
    const W = net.view("params", "W");
    for (let i = 0; i < W.length; i++) W[i] = Math.sin(i) * 0.05;
    return measure("swapDeltas", () => void net.swapDeltas(1), { maxTime }).ms;
  } finally {
    net.dispose();
  }
}

/** One BIMT swap round (top-k 40, Δ recomputed after every applied swap) on a 400-neuron 20×20 network. */
export function swapRoundMs(engine: Engine, maxTime: number): { ms: number; swaps: number } {
  const net = engine.network(PAPER_NETWORK);
  try {
    const params = net.getParams();
    for (let i = 0; i < params.W.length; i++) params.W[i] = Math.sin(i) * 0.05;
    let swaps = 0;
    const ms = measure(
      "swapRound",
      () => {
        net.setParams(params); // every round starts from the same weights
        swaps = swapRound(net, identityPermutation(400), {
          mode: "bimt",
          A: 1,
          topK: 40,
          maxSwaps: 1000,
          permuteMoments: true,
        }).swaps;
      },
      { maxTime },
    ).ms;
    return { ms, swaps };
  } finally {
    net.dispose();
  }
}
