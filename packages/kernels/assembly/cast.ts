// Casts between f32, f64 and i32 (f32 <-> i32 are in strided.ts). Float -> i32 truncates toward
// zero and saturates: NaN -> 0, values beyond the i32 range -> the nearest bound (wasm's
// trunc_sat, what NumPy gives on x86 for in-range values; PyTorch leaves the rest undefined).
// x and y must not overlap (their elements differ in size). Pointers are byte addresses.

/** y[i] = x[i] as f64 (exact). */
export function cast_f32_f64(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(y + (<usize>i << 3), f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>i << 2))));
  for (; i < n; i++) store<f64>(y + (<usize>i << 3), <f64>load<f32>(x + (<usize>i << 2)));
}

/** y[i] = x[i] as f32 (round to nearest even; beyond the f32 range -> +-Inf). */
export function cast_f64_f32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const lo = f32x4.demote_f64x2_zero(v128.load(x + (<usize>i << 3)));
    const hi = f32x4.demote_f64x2_zero(v128.load(x + (<usize>i << 3) + 16));
    v128.store(y + (<usize>i << 2), i64x2.shuffle(lo, hi, 0, 2));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), <f32>load<f64>(x + (<usize>i << 3)));
}

/** y[i] = x[i] as f64 (exact). */
export function cast_i32_f64(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(y + (<usize>i << 3), f64x2.convert_low_i32x4_s(v128.load64_zero(x + (<usize>i << 2))));
  for (; i < n; i++) store<f64>(y + (<usize>i << 3), <f64>load<i32>(x + (<usize>i << 2)));
}

/** y[i] = trunc(x[i]) as i32, saturating (NaN -> 0). */
export function cast_f64_i32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    v128.store64_lane(y + (<usize>i << 2), i32x4.trunc_sat_f64x2_s_zero(v128.load(x + (<usize>i << 3))), 0);
  }
  for (; i < n; i++) {
    store<i32>(y + (<usize>i << 2), i32x4.extract_lane(i32x4.trunc_sat_f64x2_s_zero(f64x2.splat(load<f64>(x + (<usize>i << 3)))), 0));
  }
}
