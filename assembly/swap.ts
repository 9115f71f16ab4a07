// Neuron swaps (docs/spec.md §1.5, §6.9). Exchanging hidden neurons j and k leaves the network function unchanged and
// changes only the distance term of ℓ_cc. With M = |W| + |W|ᵀ and S = M·D (one n×n×n product, done by gemm_idx):
//   Δ_jk = A·[S_jk + S_kj − S_jj − S_kk − D_jk·(M_jj + M_kk − 2·M_jk)].
import { partBegin } from "./inline/split";

/** M = |W| + |W|ᵀ (n×n, row-major). Threads split rows. */
export function swap_abs_sym(W: usize, n: i32, M: usize, tid: i32, nth: i32): void {
  const r0 = partBegin(n, 1, tid, nth), r1 = partBegin(n, 1, tid + 1, nth);
  for (let i = r0; i < r1; i++) {
    for (let j = 0; j < n; j++) {
      const a = Mathf.abs(load<f32>(W + ((<usize>i * <usize>n + <usize>j) << 2)));
      const b = Mathf.abs(load<f32>(W + ((<usize>j * <usize>n + <usize>i) << 2)));
      store<f32>(M + ((<usize>i * <usize>n + <usize>j) << 2), a + b);
    }
  }
}

/** Delta[j·n + k] = Δ_jk from M, S = M·D and D (all n×n). Threads split rows j. */
export function swap_delta(M: usize, S: usize, D: usize, n: i32, A: f32, Delta: usize, tid: i32, nth: i32): void {
  const r0 = partBegin(n, 1, tid, nth), r1 = partBegin(n, 1, tid + 1, nth);
  const n4 = <usize>n << 2;
  for (let j = r0; j < r1; j++) {
    const rj = <usize>j * n4;
    const sjj = load<f32>(S + rj + (<usize>j << 2));
    const mjj = load<f32>(M + rj + (<usize>j << 2));
    for (let k = 0; k < n; k++) {
      const rk = <usize>k * n4, ok = <usize>k << 2, oj = <usize>j << 2;
      const s = (load<f32>(S + rj + ok) + load<f32>(S + rk + oj)) - (sjj + load<f32>(S + rk + ok));
      const corr = load<f32>(D + rj + ok) * ((mjj + load<f32>(M + rk + ok)) - 2 * load<f32>(M + rj + ok));
      store<f32>(Delta + rj + ok, A * (s - corr));
    }
  }
}

@inline function swapF32(a: usize, b: usize): void {
  const t = load<f32>(a);
  store<f32>(a, load<f32>(b));
  store<f32>(b, t);
}

/**
 * Exchange hidden neurons j and k in place: rows and columns j, k of W [nh×nh], rows of W_in [nh×nu], entries of
 * b_h, columns of W_out [no×nh]. Called once for the parameters and once for each Adam moment buffer.
 */
export function swap_neurons(W: usize, Win: usize, bh: usize, Wout: usize, nh: i32, nu: i32, no: i32, j: i32, k: i32): void {
  if (j == k) return;
  const n4 = <usize>nh << 2, oj = <usize>j << 2, ok = <usize>k << 2;
  // Rows j, k of W, then columns j, k (this order also moves the 2×2 block {W_jj, W_jk, W_kj, W_kk} correctly).
  for (let c = 0; c < nh; c++) swapF32(W + <usize>j * n4 + (<usize>c << 2), W + <usize>k * n4 + (<usize>c << 2));
  for (let r = 0; r < nh; r++) swapF32(W + <usize>r * n4 + oj, W + <usize>r * n4 + ok);
  const u4 = <usize>nu << 2;
  for (let c = 0; c < nu; c++) swapF32(Win + <usize>j * u4 + (<usize>c << 2), Win + <usize>k * u4 + (<usize>c << 2));
  swapF32(bh + oj, bh + ok);
  for (let o = 0; o < no; o++) swapF32(Wout + <usize>o * n4 + oj, Wout + <usize>o * n4 + ok);
}
