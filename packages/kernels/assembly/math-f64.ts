// Shared float64 maths: the fused multiply-add of f64x2 lanes (the unary formulas: unary-math.ts).

/** a*b + c per f64x2 lane; fused in the relaxed-SIMD build. */
@inline export function madd2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

