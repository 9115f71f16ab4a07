// Helpers for reductions that must not depend on the thread count: work is cut into fixed chunks, each chunk
// reduces in a fixed order into its own f64 slot, and the caller adds the slots in order.

/** Floats per reduction chunk. */
export const CHUNK: i32 = 4096;

/** Sum of the four f32 lanes widened to f64, as (l0 + l1) + (l2 + l3). */
@inline export function hsum64(v: v128): f64 {
  const lo = f64x2.promote_low_f32x4(v);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 2, 3));
  return (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
}

/** sign(x) per lane: +1, −1, or 0 (at ±0 and NaN). */
@inline export function vsign(x: v128): v128 {
  const pos = v128.and(f32x4.splat(1.0), f32x4.gt(x, f32x4.splat(0)));
  const neg = v128.and(f32x4.splat(-1.0), f32x4.lt(x, f32x4.splat(0)));
  return v128.or(pos, neg);
}
