// Kernel throughput on the RNN's shapes: the SIMD mul+add peak of this machine (same run), then GFLOP/s of each
// product as a share of that peak, single-threaded, plus the all-pairs swap Δ for n = 400.
import { identityPermutation, swapRound } from "../src/train/swaps.js";
import type { Engine } from "../src/index.js";
import { measure } from "./measure.js";
import { gridPositions } from "../src/model/geometry.js";

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
  const nh = 400, nu = 53, no = 17;
  for (const B of [16, 64]) {
    const W = buf(nh * nh), H = buf(nh * B), C = buf(nh * B), U = buf(nu * B), Win = buf(nu * nh);
    // forward step: P_t += W·h (as Wᵀ-stored Aᵀ·B, dense and through an index list), P_t += W_in·u
    add("Aᵀ·B dense", `400×400·400×${B}`, 2 * nh * nh * B, () => k.gemm_tn(nh, B, 0, nh, W, nh * 4, H, B * 4, C, B * 4, 1));
    add("Aᵀ·B indexed", `400×400·400×${B}`, 2 * nh * nh * B, () => k.gemm_tn(nh, B, ids, nh, W, nh * 4, H, B * 4, C, B * 4, 1));
    add("Aᵀ·B dense", `400×53·53×${B}`, 2 * nh * nu * B, () => k.gemm_tn(nh, B, 0, nu, Win, nh * 4, U, B * 4, C, B * 4, 1));
    add("A·B (strided)", `400×400·400×${B}`, 2 * nh * nh * B, () => k.gemm_nn(nh, B, ids, nh, W, nh * 4, 4, H, B * 4, C, B * 4, 1));
    const Wo = buf(nh * no), O = buf(no * B);
    add("Aᵀ·B dense", `17×400·400×${B}`, 2 * no * nh * B, () => k.gemm_tn(no, B, 0, nh, Wo, no * 4, H, B * 4, O, B * 4, 1));
    add("Aᵀ·B dense", `400×17·17×${B}`, 2 * no * nh * B, () => k.gemm_tn(nh, B, 0, no, Wo, nh * 4, O, B * 4, C, B * 4, 1));
  }
  // weight gradients over a whole window (T = 100, B = 64): A·Bᵀ with k = T·B
  const TB = 6400, G = buf(nh * TB), H = buf(nh * TB), dW = buf(nh * nh), UT = buf(nu * TB), dWin = buf(nh * nu);
  add("A·Bᵀ", "400×6400·(400×6400)ᵀ", 2 * nh * nh * TB, () => k.gemm_nt(nh, ids, nh, ids, TB, G, TB * 4, H, TB * 4, dW, nh * 4));
  add("A·Bᵀ", "400×6400·(53×6400)ᵀ", 2 * nh * nu * TB, () => k.gemm_nt(nh, ids, nu, ids, TB, G, TB * 4, UT, TB * 4, dWin, nu * 4));
  for (const p of keep) engine.arena.release(p);
  return rows;
}

/** The all-pairs swap Δ of a 400-neuron 20×20 network, on the engine's threads. */
export function swapDeltaMs(engine: Engine, maxTime: number): number {
  const net = engine.network({ nInput: 53, nHidden: 400, nOutput: 17, positions: gridPositions(20, 20), activation: "relu" });
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
  const net = engine.network({ nInput: 53, nHidden: 400, nOutput: 17, positions: gridPositions(20, 20), activation: "relu" });
  try {
    const params = net.getParams();
    for (let i = 0; i < params.W.length; i++) params.W[i] = Math.sin(i) * 0.05;
    let swaps = 0;
    const ms = measure("swapRound", () => {
      net.setParams(params); // every round starts from the same weights
      swaps = swapRound(net, identityPermutation(400), { mode: "bimt", A: 1, topK: 40, maxSwaps: 1000, permuteMoments: true }).swaps;
    }, { maxTime }).ms;
    return { ms, swaps };
  } finally {
    net.dispose();
  }
}
