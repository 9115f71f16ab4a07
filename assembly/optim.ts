// Adam (PyTorch 1.13's non-fused update, in f32) with the gradient-clipping scale folded in.
import { partBegin } from "./inline/split";

/**
 * For i < count: g' = g·gscale; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
 * p −= stepSize · m / (√v / bc2sqrt + eps), with stepSize = lr / (1 − β1^t) and bc2sqrt = √(1 − β2^t).
 * omb1 = 1 − β1 and omb2 = 1 − β2 come from the caller, formed in float64 as PyTorch forms them (1 − f32(β2) would
 * be 1.3e-5 relative off for β2 = 0.999).
 */
export function adam(
  p: usize, g: usize, m: usize, v: usize, count: i32, gscale: f32, stepSize: f32, b1: f32, b2: f32, omb1: f32,
  omb2: f32, eps: f32, bc2sqrt: f32, tid: i32, nth: i32,
): void {
  const i0 = partBegin(count, 4, tid, nth), i1 = partBegin(count, 4, tid + 1, nth);
  const vs = f32x4.splat(gscale), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2);
  const v1b1 = f32x4.splat(omb1), v1b2 = f32x4.splat(omb2);
  const veps = f32x4.splat(eps), vbc2 = f32x4.splat(bc2sqrt), vstep = f32x4.splat(stepSize);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const o = <usize>i << 2;
    const gg = f32x4.mul(v128.load(g + o), vs);
    const mm = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gg, v1b1));
    const vv = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gg, gg), v1b2));
    v128.store(m + o, mm);
    v128.store(v + o, vv);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), vbc2), veps);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(vstep, f32x4.div(mm, denom))));
  }
  for (; i < i1; i++) {
    const o = <usize>i << 2;
    const gg = load<f32>(g + o) * gscale;
    const mm = load<f32>(m + o) * b1 + gg * omb1;
    const vv = load<f32>(v + o) * b2 + (gg * gg) * omb2;
    store<f32>(m + o, mm);
    store<f32>(v + o, vv);
    const denom = Mathf.sqrt(vv) / bc2sqrt + eps;
    store<f32>(p + o, load<f32>(p + o) - stepSize * (mm / denom));
  }
}
