// Register-blocked f32x4 matrix products. Every output element is accumulated in the same order (k in list order,
// starting from C's value) by whichever tile computes it, so splitting rows (any split) or columns (at multiples of
// 8) across threads never changes a bit. Pointers and strides are in bytes; nothing here allocates.
import { madd } from "./inline/madd";

/**
 * General strided product (A·B or, with swapped strides, Aᵀ·B), the portable fallback; the hot paths use gemm_tn.
 * C(i, j) += Σ_{p < nk} A(i, k_p) · B(k_p, j) with k_p = idx[p] (i32 list), for i < m, j < n.
 * A(i, k) at a + i·ars + k·aks (ars = lda·4, aks = 4 for A·B; ars = 4, aks = lda·4 for Aᵀ·B),
 * B(k, j) at b + k·ldb + 4j, C(i, j) at c + i·ldc + 4j. A dense product passes idx = 0, 1, …, K−1.
 * accumulate = 0 starts from C = +0 instead of reading C (the same bits as zeroing C first).
 */
export function gemm_nn(
  m: i32, n: i32, idx: usize, nk: i32,
  a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: i32,
): void {
  let i = 0;
  for (; i + 6 <= m; i += 6) {
    const ai = a + <usize>i * ars, ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= n; j += 8) tile6x8(idx, nk, ai, ars, aks, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), ldc, accumulate);
    for (; j + 4 <= n; j += 4) tile6x4(idx, nk, ai, ars, aks, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), ldc, accumulate);
    for (; j < n; j++) {
      for (let r = 0; r < 6; r++) {
        dot1x1(idx, nk, ai + <usize>r * ars, aks, b + (<usize>j << 2), ldb, ci + <usize>r * ldc + (<usize>j << 2), accumulate);
      }
    }
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * ars, ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= n; j += 8) tile1x8(idx, nk, ai, aks, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), accumulate);
    for (; j + 4 <= n; j += 4) tile1x4(idx, nk, ai, aks, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), accumulate);
    for (; j < n; j++) dot1x1(idx, nk, ai, aks, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), accumulate);
  }
}

/** The accumulator's start: C's value, or +0. */
@inline function ld(c: usize, off: usize, acc: i32): v128 {
  return acc ? v128.load(c + off) : f32x4.splat(0);
}

// 6 rows × 8 columns: 12 accumulators, 2 B vectors and 1 broadcast live — 15 of the 16 xmm registers.
@inline function tile6x8(idx: usize, nk: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize, acc: i32): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
  let x00 = ld(c, 0, acc), x01 = ld(c, 16, acc);
  let x10 = ld(c1, 0, acc), x11 = ld(c1, 16, acc);
  let x20 = ld(c2, 0, acc), x21 = ld(c2, 16, acc);
  let x30 = ld(c3, 0, acc), x31 = ld(c3, 16, acc);
  let x40 = ld(c4, 0, acc), x41 = ld(c4, 16, acc);
  let x50 = ld(c5, 0, acc), x51 = ld(c5, 16, acc);
  for (let p = 0; p < nk; p++) {
    const k = <usize>load<i32>(idx + (<usize>p << 2));
    const pa = a + k * aks, pb = b + k * ldb;
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let s = v128.load32_splat(pa);
    x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
    s = v128.load32_splat(pa + ars);
    x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
    s = v128.load32_splat(pa + 2 * ars);
    x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
    s = v128.load32_splat(pa + 3 * ars);
    x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
    s = v128.load32_splat(pa + 4 * ars);
    x40 = madd(s, b0, x40); x41 = madd(s, b1, x41);
    s = v128.load32_splat(pa + 5 * ars);
    x50 = madd(s, b0, x50); x51 = madd(s, b1, x51);
  }
  v128.store(c, x00); v128.store(c, x01, 16);
  v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16);
  v128.store(c3, x30); v128.store(c3, x31, 16);
  v128.store(c4, x40); v128.store(c4, x41, 16);
  v128.store(c5, x50); v128.store(c5, x51, 16);
}

@inline function tile6x4(idx: usize, nk: i32, a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize, acc: i32): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
  let x0 = ld(c, 0, acc), x1 = ld(c1, 0, acc), x2 = ld(c2, 0, acc);
  let x3 = ld(c3, 0, acc), x4 = ld(c4, 0, acc), x5 = ld(c5, 0, acc);
  for (let p = 0; p < nk; p++) {
    const k = <usize>load<i32>(idx + (<usize>p << 2));
    const pa = a + k * aks;
    const b0 = v128.load(b + k * ldb);
    x0 = madd(v128.load32_splat(pa), b0, x0);
    x1 = madd(v128.load32_splat(pa + ars), b0, x1);
    x2 = madd(v128.load32_splat(pa + 2 * ars), b0, x2);
    x3 = madd(v128.load32_splat(pa + 3 * ars), b0, x3);
    x4 = madd(v128.load32_splat(pa + 4 * ars), b0, x4);
    x5 = madd(v128.load32_splat(pa + 5 * ars), b0, x5);
  }
  v128.store(c, x0); v128.store(c1, x1); v128.store(c2, x2);
  v128.store(c3, x3); v128.store(c4, x4); v128.store(c5, x5);
}

@inline function tile1x8(idx: usize, nk: i32, a: usize, aks: usize, b: usize, ldb: usize, c: usize, acc: i32): void {
  let x0 = ld(c, 0, acc), x1 = ld(c, 16, acc);
  for (let p = 0; p < nk; p++) {
    const k = <usize>load<i32>(idx + (<usize>p << 2));
    const pb = b + k * ldb;
    const s = v128.load32_splat(a + k * aks);
    x0 = madd(s, v128.load(pb), x0);
    x1 = madd(s, v128.load(pb, 16), x1);
  }
  v128.store(c, x0); v128.store(c, x1, 16);
}

@inline function tile1x4(idx: usize, nk: i32, a: usize, aks: usize, b: usize, ldb: usize, c: usize, acc: i32): void {
  let x0 = ld(c, 0, acc);
  for (let p = 0; p < nk; p++) {
    const k = <usize>load<i32>(idx + (<usize>p << 2));
    x0 = madd(v128.load32_splat(a + k * aks), v128.load(b + k * ldb), x0);
  }
  v128.store(c, x0);
}

// Scalar column tail: the same k order with separately rounded multiply and add.
@inline function dot1x1(idx: usize, nk: i32, a: usize, aks: usize, b: usize, ldb: usize, c: usize, acc: i32): void {
  let x: f32 = acc ? load<f32>(c) : 0;
  for (let p = 0; p < nk; p++) {
    const k = <usize>load<i32>(idx + (<usize>p << 2));
    x += load<f32>(a + k * aks) * load<f32>(b + k * ldb);
  }
  store<f32>(c, x);
}

/**
 * C(i_p, j_q) += Σ_{k < K} A(i_p, k) · B(j_q, k) (A·Bᵀ) for the rows i_p = rows[p], p < mi, and columns
 * j_q = cols[q], q < nj (i32 lists; pass 0, 1, … for a dense product). Other entries of C are not touched, so a
 * compacted call that lists only rows and columns with non-zero data leaves their zeros to the caller.
 * A(i, k) at a + i·lda + 4k, B(j, k) at b + j·ldb + 4k. Vectors run along k: each element is a 4-lane partial sum,
 * reduced as (l0 + l1) + (l2 + l3), plus a scalar k tail — the same for every element whichever tile computes it.
 */
export function gemm_nt(
  mi: i32, rows: usize, nj: i32, cols: usize, kk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize,
): void {
  // k runs in fixed chunks of NT_KC so the chunk of B being reused stays in L2; every element adds its chunk sums
  // to C in chunk order, whichever tile computes it.
  for (let k0 = 0; k0 < kk; k0 += NT_KC) {
    const k1 = min(kk, k0 + NT_KC);
    const o = <usize>k0 << 2;
    ntChunk(mi, rows, nj, cols, k1 - k0, a + o, lda, b + o, ldb, c, ldc);
  }
}

/** k-chunk length of gemm_nt (a multiple of 4: only the last chunk has a scalar tail). */
const NT_KC: i32 = 256;

@inline function ntChunk(
  mi: i32, rows: usize, nj: i32, cols: usize, kk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize,
): void {
  const kv = kk & ~3;
  let p = 0;
  for (; p + 2 <= mi; p += 2) {
    const i0 = <usize>load<i32>(rows + (<usize>p << 2)), i1 = <usize>load<i32>(rows + (<usize>p << 2) + 4);
    const a0 = a + i0 * lda, a1 = a + i1 * lda;
    const c0 = c + i0 * ldc, c1 = c + i1 * ldc;
    let q = 0;
    for (; q + 4 <= nj; q += 4) {
      const j0 = <usize>load<i32>(cols + (<usize>q << 2)), j1 = <usize>load<i32>(cols + (<usize>q << 2) + 4);
      const j2 = <usize>load<i32>(cols + (<usize>q << 2) + 8), j3 = <usize>load<i32>(cols + (<usize>q << 2) + 12);
      const b0 = b + j0 * ldb, b1 = b + j1 * ldb, b2 = b + j2 * ldb, b3 = b + j3 * ldb;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
      for (let k = 0; k < kv; k += 4) {
        const o = <usize>k << 2;
        const va0 = v128.load(a0 + o), va1 = v128.load(a1 + o);
        let vb = v128.load(b0 + o);
        s00 = madd(va0, vb, s00); s10 = madd(va1, vb, s10);
        vb = v128.load(b1 + o);
        s01 = madd(va0, vb, s01); s11 = madd(va1, vb, s11);
        vb = v128.load(b2 + o);
        s02 = madd(va0, vb, s02); s12 = madd(va1, vb, s12);
        vb = v128.load(b3 + o);
        s03 = madd(va0, vb, s03); s13 = madd(va1, vb, s13);
      }
      addTo(c0 + (j0 << 2), finishDot(s00, a0, b0, kv, kk));
      addTo(c0 + (j1 << 2), finishDot(s01, a0, b1, kv, kk));
      addTo(c0 + (j2 << 2), finishDot(s02, a0, b2, kv, kk));
      addTo(c0 + (j3 << 2), finishDot(s03, a0, b3, kv, kk));
      addTo(c1 + (j0 << 2), finishDot(s10, a1, b0, kv, kk));
      addTo(c1 + (j1 << 2), finishDot(s11, a1, b1, kv, kk));
      addTo(c1 + (j2 << 2), finishDot(s12, a1, b2, kv, kk));
      addTo(c1 + (j3 << 2), finishDot(s13, a1, b3, kv, kk));
    }
    for (; q < nj; q++) {
      const j = <usize>load<i32>(cols + (<usize>q << 2));
      const bj = b + j * ldb;
      addTo(c0 + (j << 2), dotNT(a0, bj, kv, kk));
      addTo(c1 + (j << 2), dotNT(a1, bj, kv, kk));
    }
  }
  for (; p < mi; p++) {
    const i = <usize>load<i32>(rows + (<usize>p << 2));
    const ai = a + i * lda, ci = c + i * ldc;
    for (let q = 0; q < nj; q++) {
      const j = <usize>load<i32>(cols + (<usize>q << 2));
      addTo(ci + (j << 2), dotNT(ai, b + j * ldb, kv, kk));
    }
  }
}

@inline function addTo(p: usize, x: f32): void {
  store<f32>(p, load<f32>(p) + x);
}

@inline function dotNT(a: usize, b: usize, kv: i32, kk: i32): f32 {
  let s = f32x4.splat(0);
  for (let k = 0; k < kv; k += 4) {
    const o = <usize>k << 2;
    s = madd(v128.load(a + o), v128.load(b + o), s);
  }
  return finishDot(s, a, b, kv, kk);
}

@inline function finishDot(s: v128, a: usize, b: usize, kv: i32, kk: i32): f32 {
  let x = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
  for (let k = kv; k < kk; k++) x += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  return x;
}

/**
 * C(i, j) (+)= Σ_p A(k_p, i) · B(k_p, j) for i < m, j < n (Aᵀ·B: A's rows are contiguous along i, so the 4 A values
 * of a tile sit side by side). k_p = idx[p] for p < nk, or k_p = p when idx = 0 (dense: the loop walks pointers
 * instead of reading a list, same order, same bits). A(k, i) at a + k·lda + 4i, B(k, j) at b + k·ldb + 4j,
 * C(i, j) at c + i·ldc + 4j. Tiles of 4 rows × 8 columns keep 8 accumulators in registers (V8 spills 6×8).
 */
export function gemm_tn(
  m: i32, n: i32, idx: usize, nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: i32,
): void {
  // k runs in chunks of TN_KC: a chunk of B rows stays in L1 while every tile of the chunk uses it (docs/engine.md
  // has the measured gain). Each chunk continues from C, so the order of the sum — and every bit — is unchanged.
  for (let k0 = 0; k0 < nk; k0 += TN_KC) {
    const kc = min(TN_KC, nk - k0);
    const acc = k0 == 0 ? accumulate : 1;
    if (idx) tnChunk(m, n, idx + (<usize>k0 << 2), kc, a, lda, b, ldb, c, ldc, acc);
    else tnChunk(m, n, 0, kc, a + <usize>k0 * lda, lda, b + <usize>k0 * ldb, ldb, c, ldc, acc);
  }
  if (nk == 0 && !accumulate) tnChunk(m, n, 0, 0, a, lda, b, ldb, c, ldc, 0);
}

/** k-chunk length of gemm_tn. */
const TN_KC: i32 = 64;

@inline function tnChunk(
  m: i32, n: i32, idx: usize, nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: i32,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const ai = a + (<usize>i << 2), ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const bj = b + (<usize>j << 2), cj = ci + (<usize>j << 2);
      if (idx) tn4x8idx(idx, nk, ai, lda, bj, ldb, cj, ldc, accumulate);
      else tn4x8(nk, ai, lda, bj, ldb, cj, ldc, accumulate);
    }
    for (; j + 4 <= n; j += 4) {
      for (let r = 0; r < 4; r++) tn1x4(idx, nk, ai + (<usize>r << 2), lda, b + (<usize>j << 2), ldb, ci + <usize>r * ldc + (<usize>j << 2), accumulate);
    }
    for (; j < n; j++) {
      for (let r = 0; r < 4; r++) tn1x1(idx, nk, ai + (<usize>r << 2), lda, b + (<usize>j << 2), ldb, ci + <usize>r * ldc + (<usize>j << 2), accumulate);
    }
  }
  for (; i < m; i++) {
    const ai = a + (<usize>i << 2), ci = c + <usize>i * ldc;
    let j = 0;
    for (; j + 4 <= n; j += 4) tn1x4(idx, nk, ai, lda, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), accumulate);
    for (; j < n; j++) tn1x1(idx, nk, ai, lda, b + (<usize>j << 2), ldb, ci + (<usize>j << 2), accumulate);
  }
}

@inline function tn4x8(nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, acc: i32): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x00 = ld(c, 0, acc), x01 = ld(c, 16, acc), x10 = ld(c1, 0, acc), x11 = ld(c1, 16, acc);
  let x20 = ld(c2, 0, acc), x21 = ld(c2, 16, acc), x30 = ld(c3, 0, acc), x31 = ld(c3, 16, acc);
  let pa = a, pb = b;
  for (let p = 0; p < nk; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let s = v128.load32_splat(pa); x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
    s = v128.load32_splat(pa, 4); x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
    s = v128.load32_splat(pa, 8); x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
    s = v128.load32_splat(pa, 12); x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
    pa += lda; pb += ldb;
  }
  v128.store(c, x00); v128.store(c, x01, 16); v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16); v128.store(c3, x30); v128.store(c3, x31, 16);
}

@inline function tn4x8idx(idx: usize, nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, acc: i32): void {
  const c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
  let x00 = ld(c, 0, acc), x01 = ld(c, 16, acc), x10 = ld(c1, 0, acc), x11 = ld(c1, 16, acc);
  let x20 = ld(c2, 0, acc), x21 = ld(c2, 16, acc), x30 = ld(c3, 0, acc), x31 = ld(c3, 16, acc);
  const end = idx + (<usize>nk << 2);
  for (let q = idx; q < end; q += 4) {
    const k = <usize>load<u32>(q);
    const pa = a + k * lda, pb = b + k * ldb;
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let s = v128.load32_splat(pa); x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
    s = v128.load32_splat(pa, 4); x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
    s = v128.load32_splat(pa, 8); x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
    s = v128.load32_splat(pa, 12); x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
  }
  v128.store(c, x00); v128.store(c, x01, 16); v128.store(c1, x10); v128.store(c1, x11, 16);
  v128.store(c2, x20); v128.store(c2, x21, 16); v128.store(c3, x30); v128.store(c3, x31, 16);
}

@inline function tn1x4(idx: usize, nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, acc: i32): void {
  let x = ld(c, 0, acc);
  for (let p = 0; p < nk; p++) {
    const k = idx ? <usize>load<u32>(idx + (<usize>p << 2)) : <usize>p;
    x = madd(v128.load32_splat(a + k * lda), v128.load(b + k * ldb), x);
  }
  v128.store(c, x);
}

// Scalar column tail: the same k order with separately rounded multiply and add.
@inline function tn1x1(idx: usize, nk: i32, a: usize, lda: usize, b: usize, ldb: usize, c: usize, acc: i32): void {
  let x: f32 = acc ? load<f32>(c) : 0;
  for (let p = 0; p < nk; p++) {
    const k = idx ? <usize>load<u32>(idx + (<usize>p << 2)) : <usize>p;
    x += load<f32>(a + k * lda) * load<f32>(b + k * ldb);
  }
  store<f32>(c, x);
}
