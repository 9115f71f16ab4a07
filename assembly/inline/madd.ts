// a·b + c on f32x4: fused (relaxed_madd) in the relaxed build, separately rounded mul + add in the portable build.
// ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each build keeps one branch.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
