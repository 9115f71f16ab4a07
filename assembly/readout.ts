// Softmax cross-entropy over the columns of the logits O [no × ncols] (one column per (t, b)), and its gradient.
import { partBegin } from "./inline/split";
import { vexp, vlog } from "./inline/vmath";

/**
 * For every column j: losses[j] = logsumexp(O[:, j]) − O[label_j, j] (f32), and
 * dO[:, j] = (softmax(O[:, j]) − onehot(label_j)) · scale. dO may alias O. Labels are in 0 … no−1, or −1 for an
 * unlabelled column (a step without a target): its loss and dO are 0.
 * Four columns per vector; a tail column runs the same vector code on a splatted column, so every column gets
 * the same bits whichever thread takes it.
 */
export function softmax_xent(
  O: usize, ldo: usize, no: i32, ncols: i32, labels: usize, dO: usize, ldd: usize, scale: f32, losses: usize,
  tid: i32, nth: i32,
): void {
  const j0 = partBegin(ncols, 4, tid, nth), j1 = partBegin(ncols, 4, tid + 1, nth);
  let j = j0;
  for (; j + 4 <= j1; j += 4) xentColumns(O, ldo, no, j, 4, labels, dO, ldd, scale, losses);
  for (; j < j1; j++) xentColumns(O, ldo, no, j, 1, labels, dO, ldd, scale, losses);
}

@inline function loadCols(p: usize, w: i32): v128 {
  return w == 4 ? v128.load(p) : f32x4.splat(load<f32>(p));
}

@inline function xentColumns(
  O: usize, ldo: usize, no: i32, j: i32, w: i32, labels: usize, dO: usize, ldd: usize, scale: f32, losses: usize,
): void {
  const oj = O + (<usize>j << 2), dj = dO + (<usize>j << 2);
  const lab = w == 4 ? v128.load(labels + (<usize>j << 2)) : i32x4.splat(load<i32>(labels + (<usize>j << 2)));
  // The label's logit per lane, gathered before dO (which may alias O) is written.
  let picked = f32x4.splat(0);
  let mx = loadCols(oj, w);
  for (let c = 0; c < no; c++) {
    const v = loadCols(oj + <usize>c * ldo, w);
    mx = f32x4.max(mx, v);
    picked = v128.bitselect(v, picked, i32x4.eq(lab, i32x4.splat(c)));
  }
  let sum = f32x4.splat(0);
  for (let c = 0; c < no; c++) {
    const e = vexp(f32x4.sub(loadCols(oj + <usize>c * ldo, w), mx));
    sum = f32x4.add(sum, e);
    storeCols(dj + <usize>c * ldd, e, w);
  }
  // Lanes with label −1 (no target) keep nothing: loss 0 and dO 0 (an all-ones mask when every label is set).
  const on = i32x4.ge_s(lab, i32x4.splat(0));
  const loss = v128.and(f32x4.sub(f32x4.add(mx, vlog(sum)), picked), on);
  storeCols(losses + (<usize>j << 2), loss, w);
  const inv = f32x4.div(f32x4.splat(scale), sum);
  const sc = f32x4.splat(scale);
  for (let c = 0; c < no; c++) {
    const p = dj + <usize>c * ldd;
    const g = f32x4.mul(loadCols(p, w), inv);
    storeCols(p, v128.and(f32x4.sub(g, v128.and(sc, i32x4.eq(lab, i32x4.splat(c)))), on), w);
  }
}

@inline function storeCols(p: usize, v: v128, w: i32): void {
  if (w == 4) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}
