// The connection cost ℓ_cc of the paper's Eq. 2 (docs/spec.md §1.5) and its subgradient, plus the squared gradient norm for clipping.
// Partial sums go to fixed f64 slots (one per chunk or per row); the caller adds them in slot order.
import { partBegin } from "./inline/split";
import { CHUNK, hsum64, vsign } from "./inline/reduce";

/**
 * Plain L1 over a contiguous parameter block: partials[c] = Σ|p| over chunk c (f64), and g += lambda·sign(p)
 * when lambda ≠ 0. Chunks of CHUNK floats are split among threads.
 */
export function l1_cost_grad(p: usize, g: usize, count: i32, lambda: f32, partials: usize, tid: i32, nth: i32): void {
  const chunks = (count + CHUNK - 1) / CHUNK;
  const c0 = partBegin(chunks, 1, tid, nth), c1 = partBegin(chunks, 1, tid + 1, nth);
  const lam = f32x4.splat(lambda);
  for (let c = c0; c < c1; c++) {
    const i0 = c * CHUNK, i1 = min(count, i0 + CHUNK);
    let acc: f64 = 0;
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const o = <usize>i << 2;
      const w = v128.load(p + o);
      acc += hsum64(f32x4.abs(w));
      if (lambda != 0) v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.mul(lam, vsign(w))));
    }
    for (; i < i1; i++) {
      const o = <usize>i << 2;
      const w = load<f32>(p + o);
      acc += <f64>Mathf.abs(w);
      if (lambda != 0) store<f32>(g + o, load<f32>(g + o) + lambda * (w > 0 ? <f32>1 : w < 0 ? <f32>-1 : <f32>0));
    }
    store<f64>(partials + (<usize>c << 3), acc);
  }
}

/**
 * Distance term of ℓ_cc for the n×n recurrent matrix: partials[i] = Σ_j D_ij·|W_ij| (f64, without A), and
 * G_ij += lambdaA·D_ij·sign(W_ij) with lambdaA = λ·A. Threads split rows.
 */
export function dist_cost_grad(W: usize, D: usize, n: i32, lambdaA: f32, G: usize, partials: usize, tid: i32, nth: i32): void {
  const r0 = partBegin(n, 1, tid, nth), r1 = partBegin(n, 1, tid + 1, nth);
  const la = f32x4.splat(lambdaA);
  for (let i = r0; i < r1; i++) {
    const row = <usize>i * <usize>n * 4;
    let acc: f64 = 0;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = row + (<usize>j << 2);
      const w = v128.load(W + o), d = v128.load(D + o);
      acc += hsum64(f32x4.mul(d, f32x4.abs(w)));
      if (lambdaA != 0) v128.store(G + o, f32x4.add(v128.load(G + o), f32x4.mul(f32x4.mul(la, d), vsign(w))));
    }
    for (; j < n; j++) {
      const o = row + (<usize>j << 2);
      const w = load<f32>(W + o), d = load<f32>(D + o);
      acc += <f64>(d * Mathf.abs(w));
      if (lambdaA != 0) store<f32>(G + o, load<f32>(G + o) + (lambdaA * d) * (w > 0 ? <f32>1 : w < 0 ? <f32>-1 : <f32>0));
    }
    store<f64>(partials + (<usize>i << 3), acc);
  }
}

/** partials[c] = Σ g² over chunk c (f64). */
export function sumsq(g: usize, count: i32, partials: usize, tid: i32, nth: i32): void {
  const chunks = (count + CHUNK - 1) / CHUNK;
  const c0 = partBegin(chunks, 1, tid, nth), c1 = partBegin(chunks, 1, tid + 1, nth);
  for (let c = c0; c < c1; c++) {
    const i0 = c * CHUNK, i1 = min(count, i0 + CHUNK);
    let acc: f64 = 0;
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const x = v128.load(g + (<usize>i << 2));
      const lo = f64x2.promote_low_f32x4(x);
      const hi = f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 2, 3));
      const s = f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi));
      acc += f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    }
    for (; i < i1; i++) {
      const x = <f64>load<f32>(g + (<usize>i << 2));
      acc += x * x;
    }
    store<f64>(partials + (<usize>c << 3), acc);
  }
}
