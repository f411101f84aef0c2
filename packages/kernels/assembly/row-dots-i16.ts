// Row dots against X kept as int16 rows (row-dots-i32.ts's exact products, X narrowed once): for a
// fit that multiplies the same integer rows by new centres on every step (k-means' screen), X is
// packed once by pack_rows_i16 and each step reads half the bytes and narrows nothing.
// - pack_rows_i16: X [m, d] int32 (row stride ldx) into int16 rows of dp = d rounded up to 8 (zero
//   padded) at dst (m * dp int16, 16-byte aligned); returns max |x|, or 32768 when a value does not
//   fit int16 (dst then holds saturated values: not to be used).
// - row_dots_i16: out [m, n] (int32, row stride ldo) = X Y^T for that packed X (max |x| = topX) and
//   Y [n, d] int32 (row stride ldy), packed into `work` (n * dp int16); exact when every |y| <= 32767
//   and d * topX * max|y| < 2^31, else nothing is written and 1 is returned (0 on success).
import { packRows, ROWS_Y, rowDotsBlock } from './row-dots-i32';

export function pack_rows_i16(m: i32, d: i32, x: usize, ldx: i32, dst: usize): i32 {
  return packRows(x, ldx, m, d, (d + 7) & ~7, dst);
}

export function row_dots_i16(m: i32, n: i32, d: i32, xp: usize, topX: i32, y: usize, ldy: i32, out: usize, ldo: i32, work: usize): i32 {
  const dp = (d + 7) & ~7;
  const topY = packRows(y, ldy, n, d, dp, work);
  if (topX > 32767 || topY > 32767 || <f64>topX * <f64>topY * <f64>d >= 2147483648.0) return 1;
  const ro = <usize>ldo << 2;
  for (let j0 = 0; j0 < n; j0 += ROWS_Y) rowDotsBlock(m, dp, xp, work, j0, min(n, j0 + ROWS_Y), out, ro);
  return 0;
}
