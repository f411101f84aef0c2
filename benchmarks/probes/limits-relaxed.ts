// The relaxed-SIMD GEMM micro-kernel's arithmetic without its memory: a 6x8 tile of fused
// multiply-adds (12 independent accumulators cover the FMA latency on two ports).
export function fma_6x8(reps: i32, p: usize): f32 {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const b0 = v128.load(p), b1 = v128.load(p, 16);
  for (let r = 0; r < reps; r++) {
    let a = v128.load32_splat(p, 32); c00 = f32x4.relaxed_madd(a, b0, c00); c01 = f32x4.relaxed_madd(a, b1, c01);
    a = v128.load32_splat(p, 36); c10 = f32x4.relaxed_madd(a, b0, c10); c11 = f32x4.relaxed_madd(a, b1, c11);
    a = v128.load32_splat(p, 40); c20 = f32x4.relaxed_madd(a, b0, c20); c21 = f32x4.relaxed_madd(a, b1, c21);
    a = v128.load32_splat(p, 44); c30 = f32x4.relaxed_madd(a, b0, c30); c31 = f32x4.relaxed_madd(a, b1, c31);
    a = v128.load32_splat(p, 48); c40 = f32x4.relaxed_madd(a, b0, c40); c41 = f32x4.relaxed_madd(a, b1, c41);
    a = v128.load32_splat(p, 52); c50 = f32x4.relaxed_madd(a, b0, c50); c51 = f32x4.relaxed_madd(a, b1, c51);
  }
  let s = f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)));
  s = f32x4.add(s, f32x4.add(f32x4.add(c40, c41), f32x4.add(c50, c51)));
  return f32x4.extract_lane(s, 0);
}
