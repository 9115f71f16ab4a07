// Dale's law (docs/spec.md §6.3): every hidden neuron is excitatory (+1) or inhibitory (−1), and all its outgoing
// recurrent weights — column j of W, which is to × from — carry its sign; optionally its readout weights too.
//
// Enforced by projection: after each optimiser step a weight of the wrong sign is set to 0 (projected gradient
// descent onto the sign constraints). The gradient the optimiser uses is the exact gradient of the loss at a feasible
// point, and the projection is the exact Euclidean projection onto the feasible set, so nothing is approximated.
// Types belong to neurons, not places: a swap moves a neuron's weights, so its constraint moves with it (the caller
// passes the sign of each cell through the cell → neuron permutation).
import { Rng, STREAMS } from "../tasks/rng.js";

/**
 * +1 (excitatory) or −1 (inhibitory) per neuron id: round((1 − excitatory)·n) inhibitory neurons, chosen uniformly
 * (a seeded shuffle), so they are scattered over the layout.
 */
export function daleTypes(n: number, excitatory: number, seed: number): Int8Array {
  if (!(excitatory >= 0 && excitatory <= 1)) throw new Error(`dale.excitatory: ${excitatory} — must be in [0, 1]`);
  const types = new Int8Array(n).fill(1);
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed, STREAMS.dale);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const inhibitory = Math.round((1 - excitatory) * n);
  for (let k = 0; k < inhibitory; k++) types[order[k]] = -1;
  return types;
}

/** The sign each cell's neuron must send: sign[cell] = types[perm[cell]]. */
export function cellSigns(types: Int8Array, perm: ArrayLike<number>): Int8Array {
  return Int8Array.from({ length: perm.length }, (_, c) => types[perm[c]]);
}

/**
 * Sets every weight of the wrong sign to 0: W[i·n + j] must have the sign of cell j (and W_out[o·n + j] too, when
 * given). Returns how many weights it zeroed. Idempotent; feasible weights are untouched.
 */
export function projectDale(W: Float32Array, n: number, sign: Int8Array, Wout?: Float32Array): number {
  let zeroed = 0;
  const fix = (M: Float32Array) => {
    const rows = M.length / n;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < n; j++) {
        const k = i * n + j;
        if (M[k] * sign[j] < 0) {
          M[k] = 0;
          zeroed++;
        }
      }
  };
  fix(W);
  if (Wout) fix(Wout);
  return zeroed;
}
