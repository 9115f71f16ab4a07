// Data movement and simple reductions around the products: fills, transposes, row sums, the noise+bias fill.
import { partBegin } from "./inline/split";
import { vcos2pi, vradius, vsin2pi, vuniform } from "./inline/vmath";

/** dst[i] = value for i < count (threads take disjoint ranges). */
export function fill_f32(dst: usize, count: i32, value: f32, tid: i32, nth: i32): void {
  const i0 = partBegin(count, 4, tid, nth), i1 = partBegin(count, 4, tid + 1, nth);
  const v = f32x4.splat(value);
  let i = i0;
  for (; i + 4 <= i1; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < i1; i++) store<f32>(dst + (<usize>i << 2), value);
}

/** dst(j, i) = src(i, j) for i < rows, j < cols; threads split the source columns (= destination rows). */
export function transpose(src: usize, rows: i32, cols: i32, lds: usize, dst: usize, ldd: usize, tid: i32, nth: i32): void {
  const j0 = partBegin(cols, 4, tid, nth), j1 = partBegin(cols, 4, tid + 1, nth);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const s0 = src + <usize>i * lds, s1 = s0 + lds, s2 = s1 + lds, s3 = s2 + lds;
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const o = <usize>j << 2;
      const r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
      // 4×4 lane transpose: interleave pairs, then halves.
      const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
      const t2 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7), t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
      const d = dst + <usize>j * ldd + (<usize>i << 2);
      v128.store(d, v128.shuffle<i64>(t0, t1, 0, 2));
      v128.store(d + ldd, v128.shuffle<i64>(t0, t1, 1, 3));
      v128.store(d + 2 * ldd, v128.shuffle<i64>(t2, t3, 0, 2));
      v128.store(d + 3 * ldd, v128.shuffle<i64>(t2, t3, 1, 3));
    }
    for (; j < j1; j++) {
      const o = <usize>j << 2, d = dst + <usize>j * ldd + (<usize>i << 2);
      store<f32>(d, load<f32>(s0 + o)); store<f32>(d, load<f32>(s1 + o), 4);
      store<f32>(d, load<f32>(s2 + o), 8); store<f32>(d, load<f32>(s3 + o), 12);
    }
  }
  for (; i < rows; i++) {
    const s = src + <usize>i * lds;
    for (let j = j0; j < j1; j++) store<f32>(dst + <usize>j * ldd + (<usize>i << 2), load<f32>(s + (<usize>j << 2)));
  }
}

/**
 * dst[i] = Σ_j src(i, j) for i < rows, j < cols: 4-lane partial sums in column order, reduced (l0+l1)+(l2+l3),
 * then a scalar tail. Threads split rows.
 */
export function row_sums(src: usize, rows: i32, cols: i32, lds: usize, dst: usize, tid: i32, nth: i32): void {
  const r0 = partBegin(rows, 1, tid, nth), r1 = partBegin(rows, 1, tid + 1, nth);
  for (let i = r0; i < r1; i++) {
    const s = src + <usize>i * lds;
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) acc = f32x4.add(acc, v128.load(s + (<usize>j << 2)));
    let x = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (; j < cols; j++) x += load<f32>(s + (<usize>j << 2));
    store<f32>(dst + (<usize>i << 2), x);
  }
}

/**
 * P(i, j) = bias[i] + std · N(i, j) for i < rows, j < cols; std = 0 writes the bias alone. Threads split rows.
 * The normals come from Box–Muller on pairs: columns 8q … 8q+3 take r·cos θ and 8q+4 … 8q+7 take r·sin θ of the
 * four pairs keyed i·cols + 4q + (j mod 4), so a value depends only on (seeds, i, j, cols), never on threads.
 */
export function fill_bias_noise(
  P: usize, rows: i32, cols: i32, ldp: usize, bias: usize, std: f32, seedA: i32, seedB: i32, tid: i32, nth: i32,
): void {
  const r0 = partBegin(rows, 1, tid, nth), r1 = partBegin(rows, 1, tid + 1, nth);
  const sd = f32x4.splat(std);
  const lanes = i32x4(0, 1, 2, 3);
  for (let i = r0; i < r1; i++) {
    const p = P + <usize>i * ldp;
    const b = f32x4.splat(load<f32>(bias + (<usize>i << 2)));
    if (std == 0) {
      let j = 0;
      for (; j + 4 <= cols; j += 4) v128.store(p + (<usize>j << 2), b);
      for (; j < cols; j++) store<f32>(p + (<usize>j << 2), f32x4.extract_lane(b, 0));
      continue;
    }
    for (let j = 0; j < cols; j += 8) {
      const key = i32x4.add(i32x4.splat(i * cols + (j >> 1)), lanes);
      const r = f32x4.mul(sd, vradius(vuniform(key, 0x9e3779b9, seedA)));
      const u = vuniform(key, 0x85ebca77, seedB);
      const c = f32x4.add(b, f32x4.mul(r, vcos2pi(u)));
      const s = f32x4.add(b, f32x4.mul(r, vsin2pi(u)));
      storeUpTo(p + (<usize>j << 2), c, cols - j);
      storeUpTo(p + (<usize>(j + 4) << 2), s, cols - j - 4);
    }
  }
}

/** Stores the first min(4, count) lanes of v (count ≤ 0 stores nothing). */
@inline function storeUpTo(p: usize, v: v128, count: i32): void {
  if (count >= 4) v128.store(p, v);
  else {
    if (count > 0) store<f32>(p, f32x4.extract_lane(v, 0));
    if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
    if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
  }
}
