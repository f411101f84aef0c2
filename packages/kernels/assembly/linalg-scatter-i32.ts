// The scatter matrix of integer data, exactly: X [n, d] int32 (row stride ldx), every |x| <= 32767
// (for example pixels 0..255, or values m / s stored as m), C [d, d] float64 (contiguous) =
// (X - 1 mean^T)^T (X - 1 mean^T) and mean [d] float64, with
//   S = X^T X and s = X^T 1 as exact integers, then C_ij = (n S_ij - s_i s_j) / n.
// 1. One pass over X: the column sums s (float64, exact; in the workspace) and t = max |x|.
// 2. X is cut into chunks of L rows, each transposed into int16 rows of Lp (L rounded up to 8,
//    zero padded): row j of the chunk's X^T. Their Gram matrix, on the upper triangle only, is
//    computed by row-dots-i32.ts's blocks (i32x4.dot_i16x8_s, 8 multiply-adds per instruction) into
//    an int32 tile of SCATTER_I32_TILE rows, which is added to C (float64) at once.
// Bounds (why the result is exact):
// - Every product |x_ri x_rj| <= t^2 and a chunk holds L rows, so every int32 partial sum (a lane of
//   an accumulator, the sum of the four lanes, the stored value) is at most L t^2 in magnitude;
//   L = min(SCATTER_I32_CHUNK, floor((2^31 - 1) / t^2)) keeps it below 2^31. dot_i16x8_s itself adds two
//   products of at most 32767^2 each: 2 * 32767^2 < 2^31. L >= 2 for every t <= 32767
//   (2 * 32767^2 = 2147352578 < 2^31), so the chunks always progress.
// - |S_ij| <= n t^2, |s_i s_j| <= n^2 t^2, n |S_ij| <= n^2 t^2 and |n S_ij - s_i s_j| = n |C_ij| <=
//   n sqrt(C_ii C_jj) <= n^2 t^2 (Cauchy-Schwarz; C_ii <= S_ii). When n^2 t^2 < 2^53 every one of these
//   integers (and every float64 partial sum of S and s) is exact in float64, and C_ij takes a single
//   rounding (the division by n). Otherwise (or when t > 32767) nothing is written and the call
//   returns 1 (0 on success): the caller falls back to the float64 scatter.
// Workspace contract (`work`, 16-byte aligned): roundUp2(d) float64 (the column sums), then
// d * min(roundUp8(n), SCATTER_I32_CHUNK) int16 values, then SCATTER_I32_TILE * d int32 values.
// c and mean must not overlap x, work or each other. n >= 1, d >= 0.
import { ROWS_Y, rowDotsBlock } from './row-dots-i32';

/** Rows of X per chunk at most: a chunk row of X^T is 4 KiB of int16. */
export const SCATTER_I32_CHUNK: i32 = 2048;
/** Rows of C per int32 tile (a multiple of 2: rowDotsBlock takes rows of X^T in pairs). */
export const SCATTER_I32_TILE: i32 = 64;
/** 2^53: float64 integers below it are exact. */
const EXACT: f64 = 9007199254740992.0;

/** Column sums of X into `sums` (float64, exact) and max |x| (2^31 for -2^31, compared unsigned). */
function columnSums(n: i32, d: i32, x: usize, ldx: i32, sums: usize): u32 {
  memory.fill(sums, 0, <usize>d << 3);
  let top = i32x4.splat(0);
  let scalarTop: u32 = 0;
  for (let i = 0; i < n; i++) {
    const row = x + ((<usize>i * <usize>ldx) << 2);
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const v = v128.load(row + (<usize>j << 2));
      top = i32x4.max_u(top, i32x4.abs(v));
      const o = sums + (<usize>j << 3);
      v128.store(o, f64x2.add(v128.load(o), f64x2.convert_low_i32x4_s(v)));
      v128.store(o, f64x2.add(v128.load(o, 16), f64x2.convert_low_i32x4_s(i64x2.shuffle(v, v, 1, 0))), 16);
    }
    for (; j < d; j++) {
      const v = load<i32>(row + (<usize>j << 2));
      const a = <u32>(v < 0 ? -v : v);
      if (a > scalarTop) scalarTop = a;
      store<f64>(sums + (<usize>j << 3), load<f64>(sums + (<usize>j << 3)) + <f64>v);
    }
  }
  return max<u32>(scalarTop, max<u32>(max<u32>(i32x4.extract_lane(top, 0), i32x4.extract_lane(top, 1)), max<u32>(i32x4.extract_lane(top, 2), i32x4.extract_lane(top, 3))));
}

/** Rows [r0, r0 + rows) of X transposed into d int16 rows of lp (zero padded past rows). */
function packTransposed(x: usize, ldx: i32, r0: i32, rows: i32, d: i32, lp: i32, dst: usize): void {
  const rb = <usize>lp << 1;
  for (let r = 0; r < rows; r++) {
    const src = x + ((<usize>(r0 + r) * <usize>ldx) << 2);
    let to = dst + (<usize>r << 1);
    for (let j = 0; j < d; j++) {
      store<i16>(to, <i16>load<i32>(src + (<usize>j << 2)));
      to += rb;
    }
  }
  if (rows < lp) for (let j = 0; j < d; j++) memory.fill(dst + <usize>j * rb + (<usize>rows << 1), 0, <usize>(lp - rows) << 1);
}

/** See the file comment. Returns 0, or 1 (nothing written) when the data is outside the exact bounds. */
export function scatter_i32(n: i32, d: i32, x: usize, ldx: i32, mean: usize, c: usize, work: usize): i32 {
  const sums = work;
  const top = columnSums(n, d, x, ldx, sums);
  const t = <f64>top;
  if (top > 32767 || (<f64>n * t) * (<f64>n * t) >= EXACT) return 1;
  const square = t * t;
  const chunk = square == 0 ? SCATTER_I32_CHUNK : <i32>min<f64>(<f64>SCATTER_I32_CHUNK, Math.floor(2147483647.0 / square));
  const step = chunk >= 8 ? chunk & ~7 : chunk;
  const lpMax = (min(step, n) + 7) & ~7;
  const packed = work + (<usize>((d + 1) & ~1) << 3), tile = packed + ((<usize>d * <usize>lpMax) << 1);
  const ro = <usize>d << 2;
  memory.fill(c, 0, (<usize>d * <usize>d) << 3);
  for (let r0 = 0; r0 < n; r0 += step) {
    const rows = min(step, n - r0), lp = (rows + 7) & ~7;
    packTransposed(x, ldx, r0, rows, d, lp, packed);
    const rb = <usize>lp << 1;
    for (let i0 = 0; i0 < d; i0 += SCATTER_I32_TILE) {
      const mi = min(SCATTER_I32_TILE, d - i0);
      // Columns from i0: the tile's triangle and everything right of it (the few entries left of
      // the diagonal inside the tile are computed and not used).
      for (let j0 = i0; j0 < d; j0 += ROWS_Y) rowDotsBlock(mi, lp, packed + <usize>i0 * rb, packed, j0, min(d, j0 + ROWS_Y), tile - (<usize>i0 << 2), ro);
      for (let i = 0; i < mi; i++) {
        const from = tile + <usize>i * ro, to = c + ((<usize>(i0 + i) * <usize>d) << 3);
        let j = i0 + i;
        for (; j + 4 <= d; j += 4) {
          const v = v128.load(from + (<usize>(j - i0) << 2));
          const o = to + (<usize>j << 3);
          v128.store(o, f64x2.add(v128.load(o), f64x2.convert_low_i32x4_s(v)));
          v128.store(o, f64x2.add(v128.load(o, 16), f64x2.convert_low_i32x4_s(i64x2.shuffle(v, v, 1, 0))), 16);
        }
        for (; j < d; j++) store<f64>(to + (<usize>j << 3), load<f64>(to + (<usize>j << 3)) + <f64>load<i32>(from + (<usize>(j - i0) << 2)));
      }
    }
  }
  // C_ij = (n S_ij - s_i s_j) / n on the upper triangle, mirrored; then mean = s / n.
  const fn = <f64>n;
  for (let i = 0; i < d; i++) {
    const si = load<f64>(sums + (<usize>i << 3));
    for (let j = i; j < d; j++) {
      const at = c + ((<usize>i * <usize>d + <usize>j) << 3);
      const v = (fn * load<f64>(at) - si * load<f64>(sums + (<usize>j << 3))) / fn;
      store<f64>(at, v);
      store<f64>(c + ((<usize>j * <usize>d + <usize>i) << 3), v);
    }
  }
  for (let j = 0; j < d; j++) store<f64>(mean + (<usize>j << 3), load<f64>(sums + (<usize>j << 3)) / fn);
  return 0;
}
