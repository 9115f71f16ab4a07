// A mul+add throughput probe: 12 independent f32x4 chains, the machine's 128-bit SIMD peak as wasm can reach it.
import { madd } from "./inline/madd";

/** Runs `iters` rounds of 12 vector multiply-adds (96 flops per round) and stores a checksum at out. */
export function simd_peak(iters: i32, out: usize): void {
  const a = f32x4.splat(0.999999), b = f32x4.splat(1e-7);
  let x0 = f32x4.splat(1), x1 = f32x4.splat(2), x2 = f32x4.splat(3), x3 = f32x4.splat(4);
  let x4 = f32x4.splat(5), x5 = f32x4.splat(6), x6 = f32x4.splat(7), x7 = f32x4.splat(8);
  let x8 = f32x4.splat(9), x9 = f32x4.splat(10), x10 = f32x4.splat(11), x11 = f32x4.splat(12);
  for (let i = 0; i < iters; i++) {
    x0 = madd(x0, a, b); x1 = madd(x1, a, b); x2 = madd(x2, a, b); x3 = madd(x3, a, b);
    x4 = madd(x4, a, b); x5 = madd(x5, a, b); x6 = madd(x6, a, b); x7 = madd(x7, a, b);
    x8 = madd(x8, a, b); x9 = madd(x9, a, b); x10 = madd(x10, a, b); x11 = madd(x11, a, b);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(x0, x1), f32x4.add(x2, x3)), f32x4.add(f32x4.add(x4, x5), f32x4.add(x6, x7)));
  v128.store(out, f32x4.add(s, f32x4.add(f32x4.add(x8, x9), f32x4.add(x10, x11))));
}
