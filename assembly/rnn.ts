// The recurrent core: a whole forward or backward pass over T steps runs inside the threads, one barrier per step.
// Each step's recurrent product skips neurons that are zero across the batch (active-set compaction); skipping an
// exact-zero term of an in-order sum changes no bit, so compact = 0 (every neuron) gives the same result.
//
// Layouts (byte strides): P, H, G hold one [nh × B] block per step (row stride ld, step t (1-based) at (t−1)·sts);
// the engine stores them step-major (ld = 4B, sts = 4·nh·B) so a step's block is contiguous. h_0 = 0 is implicit.
// flags: 2 × nh i32 (double-buffered by step parity); lists: nth × nh i32; stats: T i32 (neurons used per step);
// ever: nh i32, set to 1 for every neuron whose row was non-zero at some step (the weight-gradient products use it
// to skip rows and columns that are zero throughout).
//
// Leaky units (alpha < 1): h_t = (1 − α)·h_{t−1} + α·φ(P_t). alpha = 1 runs the plain code (the same bits as before
// the option existed); alpha < 1 runs separate row functions.
import { gemm_tn } from "./gemm";
import { barrier_wait } from "./barrier";
import { partBegin } from "./inline/split";
import { vact, vactGrad } from "./inline/activation";

/** h = φ(pre) over n columns of one row; returns 1 if any h is non-zero. Tail lanes go through the same vector code. */
@inline function activateRow(p: usize, h: usize, n: i32, act: i32): i32 {
  let any = v128.splat<i32>(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    const y = vact(v128.load(p + o), act);
    v128.store(h + o, y);
    any = v128.or(any, f32x4.ne(y, f32x4.splat(0)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const y = f32x4.extract_lane(vact(f32x4.splat(load<f32>(p + o)), act), 0);
    store<f32>(h + o, y);
    if (y != 0 || isNaN(y)) any = v128.splat<i32>(-1);
  }
  return v128.any_true(any) ? 1 : 0;
}

/** Leaky: h = (1 − α)·hp + α·φ(pre) over n columns (hp = the previous state's row, 0 = none); 1 if any h ≠ 0. */
@inline function activateRowLeaky(p: usize, h: usize, hp: usize, n: i32, act: i32, alpha: f32): i32 {
  let any = v128.splat<i32>(0);
  const a = f32x4.splat(alpha), keep = f32x4.splat(<f32>1 - alpha);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    let y = f32x4.mul(a, vact(v128.load(p + o), act));
    if (hp) y = f32x4.add(y, f32x4.mul(keep, v128.load(hp + o)));
    v128.store(h + o, y);
    any = v128.or(any, f32x4.ne(y, f32x4.splat(0)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    let y = f32x4.mul(a, vact(f32x4.splat(load<f32>(p + o)), act));
    if (hp) y = f32x4.add(y, f32x4.mul(keep, f32x4.splat(load<f32>(hp + o))));
    const x = f32x4.extract_lane(y, 0);
    store<f32>(h + o, x);
    if (x != 0 || isNaN(x)) any = v128.splat<i32>(-1);
  }
  return v128.any_true(any) ? 1 : 0;
}

/**
 * Leaky backward of one row: first gp += (1 − α)·g (dL/dh_t flows to h_{t−1} directly; gp = 0 at t = 1), then
 * g ← α·φ'(pre)·g, φ' from pre alone (h is no longer φ(pre)); returns 1 if any result is non-zero.
 */
@inline function gradRowLeaky(g: usize, gp: usize, p: usize, n: i32, act: i32, alpha: f32): i32 {
  let any = v128.splat<i32>(0);
  const a = f32x4.splat(alpha), keep = f32x4.splat(<f32>1 - alpha);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    const gv = v128.load(g + o), pv = v128.load(p + o);
    if (gp) v128.store(gp + o, f32x4.add(v128.load(gp + o), f32x4.mul(keep, gv)));
    const y = f32x4.mul(a, vactGrad(gv, pv, vact(pv, act), act));
    v128.store(g + o, y);
    any = v128.or(any, f32x4.ne(y, f32x4.splat(0)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const gv = f32x4.splat(load<f32>(g + o)), pv = f32x4.splat(load<f32>(p + o));
    if (gp) store<f32>(gp + o, load<f32>(gp + o) + f32x4.extract_lane(f32x4.mul(keep, gv), 0));
    const x = f32x4.extract_lane(f32x4.mul(a, vactGrad(gv, pv, vact(pv, act), act)), 0);
    store<f32>(g + o, x);
    if (x != 0 || isNaN(x)) any = v128.splat<i32>(-1);
  }
  return v128.any_true(any) ? 1 : 0;
}

/** g ← g · φ'(pre) over n columns of one row (in place); returns 1 if any result is non-zero. */
@inline function gradRow(g: usize, p: usize, h: usize, n: i32, act: i32): i32 {
  let any = v128.splat<i32>(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    const y = vactGrad(v128.load(g + o), v128.load(p + o), v128.load(h + o), act);
    v128.store(g + o, y);
    any = v128.or(any, f32x4.ne(y, f32x4.splat(0)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const y = f32x4.extract_lane(
      vactGrad(f32x4.splat(load<f32>(g + o)), f32x4.splat(load<f32>(p + o)), f32x4.splat(load<f32>(h + o)), act), 0);
    store<f32>(g + o, y);
    if (y != 0 || isNaN(y)) any = v128.splat<i32>(-1);
  }
  return v128.any_true(any) ? 1 : 0;
}

/**
 * Above ~75% active neurons the dense pointer walk over all neurons beats the index list (it runs ~1.3× faster per
 * term); the extra terms are w·(+0) and change no bit of the sum.
 */
@inline function mostlyActive(nk: i32, nh: i32): bool {
  return nk * 4 > nh * 3;
}

/** Indices of flagged neurons (compact) or of all neurons, written to list; returns the count. */
@inline function activeList(flags: usize, n: i32, list: usize, compact: i32): i32 {
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (!compact || load<i32>(flags + (<usize>i << 2)) != 0) {
      store<i32>(list + (<usize>c << 2), i);
      c++;
    }
  }
  return c;
}

/**
 * Forward pass over T steps, each fused: P_t (holding b_h + noise) += W_in·u_t + W·h_{t−1}, then h_t = φ(P_t). The
 * weights come transposed (WinT = W_inᵀ [nu × nh], WT = Wᵀ) so both products are Aᵀ·B over contiguous rows; UT
 * holds the input u_t as an [nu × B] block per step (row stride ldu, step stride stu). stats[t−1] = neurons step t's recurrent product used (step 1 uses none: h_0 = 0).
 */
export function rnn_forward(
  nh: i32, nu: i32, B: i32, T: i32, WinT: usize, UT: usize, ldu: usize, stu: usize, WT: usize, P: usize, H: usize,
  ld: usize, sts: usize, act: i32, alpha: f32, compact: i32, flags: usize, lists: usize, stats: usize, ever: usize,
  bar: usize, tid: i32, nth: i32,
): void {
  const r0 = partBegin(nh, 4, tid, nth), r1 = partBegin(nh, 4, tid + 1, nth);
  const list = lists + <usize>tid * <usize>nh * 4;
  const ldp = ld, ldh = ld;
  const leaky = alpha != 1;
  for (let i = r0; i < r1; i++) store<i32>(ever + (<usize>i << 2), 0);
  for (let t = 1; t <= T; t++) {
    const pt = P + <usize>(t - 1) * sts, ht = H + <usize>(t - 1) * sts;
    gemm_tn(r1 - r0, B, 0, nu, WinT + (<usize>r0 << 2), <usize>nh * 4, UT + <usize>(t - 1) * stu, ldu,
      pt + <usize>r0 * ldp, ldp, 1);
    if (t > 1) {
      // h_0 = 0 contributes nothing, so step 1 has no recurrent product.
      const nk = activeList(flags + <usize>((t - 1) & 1) * <usize>nh * 4, nh, list, compact);
      if (tid == 0 && stats) store<i32>(stats + (<usize>(t - 1) << 2), nk);
      const dense = mostlyActive(nk, nh);
      gemm_tn(r1 - r0, B, dense ? 0 : list, dense ? nh : nk, WT + (<usize>r0 << 2), <usize>nh * 4,
        H + <usize>(t - 2) * sts, ldh, pt + <usize>r0 * ldp, ldp, 1);
    } else if (tid == 0 && stats) {
      store<i32>(stats, 0);
    }
    const f = flags + <usize>(t & 1) * <usize>nh * 4;
    for (let i = r0; i < r1; i++) {
      const on = leaky
        ? activateRowLeaky(pt + <usize>i * ldp, ht + <usize>i * ldh, t > 1 ? ht - sts + <usize>i * ldh : 0, B, act, alpha)
        : activateRow(pt + <usize>i * ldp, ht + <usize>i * ldh, B, act);
      store<i32>(f + (<usize>i << 2), on);
      if (on) store<i32>(ever + (<usize>i << 2), 1);
    }
    barrier_wait(bar, nth);
  }
}

/**
 * BPTT through the recurrence. On entry G holds dL/dh_t from the readout; on exit dL/dpre_t. P and H are the
 * forward pass's pre-activations and states. Step t's product dh_{t−1} += Wᵀ·dpre_t skips rows of dpre_t that are
 * zero across the batch.
 */
export function rnn_backward(
  nh: i32, B: i32, T: i32, W: usize, P: usize, H: usize, G: usize, ld: usize, sts: usize,
  act: i32, alpha: f32, compact: i32, flags: usize, lists: usize, stats: usize, ever: usize, bar: usize, tid: i32,
  nth: i32,
): void {
  const leaky = alpha != 1;
  const r0 = partBegin(nh, 4, tid, nth), r1 = partBegin(nh, 4, tid + 1, nth);
  const list = lists + <usize>tid * <usize>nh * 4;
  const ldp = ld, ldh = ld, ldg = ld;
  for (let i = r0; i < r1; i++) store<i32>(ever + (<usize>i << 2), 0);
  for (let t = T; t >= 1; t--) {
    const gt = G + <usize>(t - 1) * sts, pt = P + <usize>(t - 1) * sts, ht = H + <usize>(t - 1) * sts;
    if (t < T) {
      const nk = activeList(flags + <usize>((t + 1) & 1) * <usize>nh * 4, nh, list, compact);
      if (tid == 0 && stats) store<i32>(stats + (<usize>t << 2), nk);
      // dh_{t−1}(i) += Σ_k W[k, i]·dpre_t(k): Aᵀ·B with A = W, whose row k is contiguous along i.
      const dense = mostlyActive(nk, nh);
      gemm_tn(r1 - r0, B, dense ? 0 : list, dense ? nh : nk, W + (<usize>r0 << 2), <usize>nh * 4,
        G + <usize>t * sts, ldg, gt + <usize>r0 * ldg, ldg, 1);
    }
    const f = flags + <usize>(t & 1) * <usize>nh * 4;
    for (let i = r0; i < r1; i++) {
      const on = leaky
        ? gradRowLeaky(gt + <usize>i * ldg, t > 1 ? gt - sts + <usize>i * ldg : 0, pt + <usize>i * ldp, B, act, alpha)
        : gradRow(gt + <usize>i * ldg, pt + <usize>i * ldp, ht + <usize>i * ldh, B, act);
      store<i32>(f + (<usize>i << 2), on);
      if (on) store<i32>(ever + (<usize>i << 2), 1);
    }
    barrier_wait(bar, nth);
  }
}
