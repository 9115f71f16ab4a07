// Activations φ and their derivatives on f32x4 lanes. Codes: 0 relu, 1 tanh, 2 softplus.
import { vexp, vlog } from "./vmath";

export const ACT_RELU: i32 = 0;
export const ACT_TANH: i32 = 1;
export const ACT_SOFTPLUS: i32 = 2;

@inline export function vtanh(x: v128): v128 {
  // Small |x|: odd Taylor series to x^9 (no cancellation); otherwise sign(x)·(1 − 2/(e^{2|x|} + 1)).
  const ax = f32x4.abs(x);
  const e = vexp(f32x4.mul(ax, f32x4.splat(2.0)));
  const big = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  const signed = v128.bitselect(f32x4.neg(big), big, f32x4.lt(x, f32x4.splat(0)));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(0.021869489);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-0.053968254));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(0.13333333));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-0.33333333));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.0));
  const small = f32x4.mul(p, x);
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.3)));
}

@inline export function vsoftplus(x: v128): v128 {
  // log(1 + e^x) = max(x, 0) + log(1 + e^{−|x|}).
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  return f32x4.add(f32x4.max(x, f32x4.splat(0)), vlog(f32x4.add(e, f32x4.splat(1.0))));
}

@inline export function vsigmoid(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), vexp(f32x4.neg(x))));
}

/** φ(pre). relu gives +0 for pre ≤ 0 and propagates NaN. */
@inline export function vact(pre: v128, act: i32): v128 {
  if (act == ACT_RELU) return f32x4.max(pre, f32x4.splat(0));
  if (act == ACT_TANH) return vtanh(pre);
  return vsoftplus(pre);
}

/** dL/dpre = dL/dh · φ'(pre), with φ' from pre (relu, softplus) or from h = φ(pre) (tanh: 1 − h²). */
@inline export function vactGrad(g: v128, pre: v128, h: v128, act: i32): v128 {
  if (act == ACT_RELU) return v128.and(g, f32x4.gt(pre, f32x4.splat(0)));
  if (act == ACT_TANH) return f32x4.mul(g, f32x4.sub(f32x4.splat(1.0), f32x4.mul(h, h)));
  return f32x4.mul(g, vsigmoid(pre));
}
