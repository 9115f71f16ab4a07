// Swap rounds (docs/spec.md §1.3, §6.9): hidden neurons exchange grid cells when that lowers the wiring cost ℓ_cc. Swaps
// preserve the network's function exactly; the grid-cell → neuron-id permutation records who sits where.
import type { Network } from "../engine/network.js";

export type SwapMode = "bimt" | "greedy";

export interface SwapOptions {
  mode: SwapMode;
  /** Distance weight A of ℓ_cc (> 0; with A = 0 no swap can change the cost). */
  A: number;
  /** bimt mode: candidates per round. */
  topK: number;
  /** greedy mode: at most this many swaps per round. */
  maxSwaps: number;
  /** Permute the Adam moments with the weights (default true; the original BIMT code did not). */
  permuteMoments: boolean;
  /** A swap is taken only when Δ < −threshold (default 0; an independent PyTorch implementation used 1e-12). */
  threshold?: number;
}

export interface SwapRoundResult {
  swaps: number;
  /** ℓ_cc's distance part changes by Σ Δ of the applied swaps (≤ 0). */
  deltaSum: number;
  /** The (cell j, cell k) pairs swapped, in order. */
  pairs: [number, number][];
  /** The smallest |Δ| of the applied swaps (Infinity if none). */
  minGain: number;
}

/** Importance per hidden neuron (cell): Σ|W row| + Σ|W col| + Σ|W_in row| + Σ|W_out col| (docs/spec.md §6.9). */
export function importance(net: Network): Float64Array {
  const { nInput: nu, nHidden: n, nOutput: no } = net.spec;
  const W = net.view("params", "W"),
    Win = net.view("params", "W_in"),
    Wout = net.view("params", "W_out");
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = Math.abs(W[i * n + j]);
      s[i] += a;
      s[j] += a;
    }
    for (let k = 0; k < nu; k++) s[i] += Math.abs(Win[i * nu + k]);
  }
  for (let o = 0; o < no; o++) for (let i = 0; i < n; i++) s[i] += Math.abs(Wout[o * n + i]);
  return s;
}

function apply(net: Network, perm: Int32Array, j: number, k: number, moments: boolean): void {
  net.swapNeurons(j, k, { moments });
  const t = perm[j];
  perm[j] = perm[k];
  perm[k] = t;
}

/**
 * One swap round on `net`, updating `perm` (cell → neuron id) in place.
 * bimt: the topK most important neurons (ranked once, ties by cell index), in order; each is followed to its current
 * cell and swapped with its best partner if that Δ < −threshold (first minimum on ties). greedy: the globally best pair
 * while Δ < −threshold, up to maxSwaps (threshold default 0). Δ comes from the engine's all-pairs kernel, recomputed after every applied swap.
 */
export function swapRound(net: Network, perm: Int32Array, o: SwapOptions): SwapRoundResult {
  const n = net.spec.nHidden;
  if (perm.length !== n) throw new Error(`swapRound: permutation has ${perm.length} entries, the network ${n} neurons`);
  const result: SwapRoundResult = { swaps: 0, deltaSum: 0, pairs: [], minGain: Infinity };
  if (!(o.A > 0)) return result;
  const limit = -(o.threshold ?? 0);
  let delta = net.swapDeltas(o.A);
  const take = (j: number, k: number) => {
    result.deltaSum += delta[j * n + k];
    result.minGain = Math.min(result.minGain, -delta[j * n + k]);
    result.swaps++;
    result.pairs.push([j, k]);
    apply(net, perm, j, k, o.permuteMoments);
    delta = net.swapDeltas(o.A);
  };
  if (o.mode === "bimt") {
    const score = importance(net);
    const cellOf = new Int32Array(n);
    perm.forEach((id, cell) => (cellOf[id] = cell));
    const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => score[b] - score[a] || a - b);
    const candidates = order.slice(0, Math.min(o.topK, n)).map((cell) => perm[cell]); // neuron ids
    for (const id of candidates) {
      const j = cellOf[id];
      let best = j;
      for (let k = 0; k < n; k++) if (delta[j * n + k] < delta[j * n + best]) best = k;
      if (best !== j && delta[j * n + best] < limit) {
        const other = perm[best];
        take(j, best);
        cellOf[id] = best;
        cellOf[other] = j;
      }
    }
  } else {
    while (result.swaps < o.maxSwaps) {
      let bj = 0;
      let bk = 0;
      for (let j = 0; j < n; j++)
        for (let k = j + 1; k < n; k++) if (delta[j * n + k] < delta[bj * n + bk]) [bj, bk] = [j, k];
      if (!(delta[bj * n + bk] < limit)) break;
      take(bj, bk);
    }
  }
  return result;
}

/** True if `perm` holds each of 0 … n−1 exactly once. */
export function isPermutation(perm: ArrayLike<number>, n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const id = perm[i];
    if (!(Number.isInteger(id) && id >= 0 && id < n) || seen[id]++) return false;
  }
  return true;
}

/** The identity permutation (neuron i in cell i). */
export function identityPermutation(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
