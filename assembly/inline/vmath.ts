// Elementary functions on f32x4 lanes, written here so the binary carries no lookup tables (no data section)
// and every build computes the same bits. Accuracy ~2 ulp on the ranges the kernels use.

/** e^x per lane. Lanes are clamped to [-87.3, 88.7]; 2^k is built in the exponent bits. */
@inline export function vexp(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.7));
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  // r = x - k·ln2 in two pieces (Cody–Waite) so r is exact enough for the polynomial.
  let r = f32x4.sub(x, f32x4.mul(k, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(k, f32x4.splat(-2.12194440e-4)));
  // e^r on |r| ≤ ln2/2: degree-7 Taylor/Horner.
  let p = f32x4.splat(1.9841270e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3888889e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3333333e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1666667e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666667e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  // Scale by 2^k: k ∈ [-126, 128]; split into two factors so k = 128 and k = -126 stay finite/normal.
  const ki = i32x4.trunc_sat_f32x4_s(k);
  const k1 = i32x4.shr_s(ki, 1);
  const k2 = i32x4.sub(ki, k1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(k2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** Natural log per lane for x > 0 (normal numbers). */
@inline export function vlog(x: v128): v128 {
  // x = m·2^e with m ∈ [√½, √2): read the exponent bits, then fold m into that range.
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(127));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000)); // m ∈ [1,2)
  const big = f32x4.gt(m, f32x4.splat(1.41421356));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = i32x4.sub(e, big); // big lanes are -1 (all ones): e + 1
  // log m = 2·atanh(s), s = (m−1)/(m+1) ∈ [-0.172, 0.172]: odd series to s^11.
  const s = f32x4.div(f32x4.sub(m, f32x4.splat(1.0)), f32x4.add(m, f32x4.splat(1.0)));
  const s2 = f32x4.mul(s, s);
  let p = f32x4.splat(0.09090909);
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(0.11111111));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(0.14285714));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(0.2));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(0.33333333));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0));
  const logm = f32x4.mul(f32x4.mul(p, s), f32x4.splat(2.0));
  const ef = f32x4.convert_i32x4_s(e);
  return f32x4.add(f32x4.mul(ef, f32x4.splat(0.693147181)), logm);
}

/** cos(2π·u) per lane for u ∈ [0, 1). */
@inline export function vcos2pi(u: v128): v128 {
  // θ = 2π·|u − ½| ∈ [0, π]; cos(2πu) = −cos(θ). Fold θ into [0, π/2] with cos(θ) = −cos(π − θ).
  const a = f32x4.abs(f32x4.sub(u, f32x4.splat(0.5)));
  const upper = f32x4.gt(a, f32x4.splat(0.25));
  const x = f32x4.mul(v128.bitselect(f32x4.sub(f32x4.splat(0.5), a), a, upper), f32x4.splat(6.28318531));
  const x2 = f32x4.mul(x, x);
  // cos x on [0, π/2]: Taylor to x^12 (error < 1e-8).
  let p = f32x4.splat(2.08767570e-9);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-2.75573192e-7));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.48015873e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-1.38888889e-3));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.16666667e-2));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-0.5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.0));
  // −cos(θ): negate where θ ≤ π/2, keep where folded (two sign flips).
  return v128.bitselect(p, f32x4.neg(p), upper);
}

/** murmur3's 32-bit finaliser per lane: a bijective mix with full avalanche. */
@inline export function vmix32(h: v128): v128 {
  h = v128.xor(h, i32x4.shr_u(h, 16));
  h = i32x4.mul(h, i32x4.splat(0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(0xc2b2ae35));
  return v128.xor(h, i32x4.shr_u(h, 16));
}

/**
 * A uniform in (0, 1) per lane from a hash of the key n under seed: (23 high bits + 0.5) / 2^23. With 23 bits the
 * sum is exact in f32, so the result is never 0 or 1.
 */
@inline export function vuniform(n: v128, mult: i32, seed: i32): v128 {
  const h = vmix32(i32x4.add(i32x4.mul(n, i32x4.splat(mult)), i32x4.splat(seed)));
  // The shifted hash fits a signed i32, so the native signed conversion serves (unsigned is emulated on x86).
  return f32x4.mul(f32x4.add(f32x4.convert_i32x4_s(i32x4.shr_u(h, 9)), f32x4.splat(0.5)), f32x4.splat(1.1920929e-7));
}

/** Box–Muller radius √(−2 ln u1). */
@inline export function vradius(u1: v128): v128 {
  return f32x4.sqrt(f32x4.mul(vlog(u1), f32x4.splat(-2.0)));
}

/** sin(2πu) for u ∈ [0, 1), as cos(2π(u + ¾)) with u + ¾ wrapped into [0, 1). */
@inline export function vsin2pi(u: v128): v128 {
  const w = f32x4.add(u, f32x4.splat(0.75));
  return vcos2pi(v128.bitselect(f32x4.sub(w, f32x4.splat(1.0)), w, f32x4.ge(w, f32x4.splat(1.0))));
}
