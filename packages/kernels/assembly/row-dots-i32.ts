// Exact dot products of every row of an int32 matrix X [m, d] (row stride ldx) with every row of
// Y [n, d] (row stride ldy), in int16 lanes: out [m, n] (int32, row stride ldo), out[i, j] = x_i . y_j.
// Both matrices are first packed into `work` as int16 rows of dp = d rounded up to 8 (zero padded),
// and the products run on i32x4.dot_i16x8_s (8 multiply-adds per instruction, exact): two rows of X
// against four rows of Y per pass (8 i32x4 accumulators), Y in blocks of ROWS_Y rows kept in cache
// while every row of X passes. Exact whenever every |value| <= 32767 and d * max|x| * max|y| <
// 2^31 (no partial sum of a lane, nor the total, can then leave int32); otherwise nothing is
// written to out and the call returns 1 (0 on success). For integer features (pixels 0..255 with
// d = 784 is far inside the bound) this is the exact Gram matrix of nearest-neighbour screening.
//
// Workspace contract (`work`, 16-byte aligned): (m + n) * dp int16 values when n > STREAM_ROWS_Y;
// for fewer rows of Y (streamed below), roundUp4(n) * dp int16 values then m * n int32 values.
// out must not overlap X, Y or work. m, n, d >= 0.

/** Rows of Y per block: 128 rows of 784 int16 = 196 KiB, in L2 beside the packed X rows. */
export const ROWS_Y: i32 = 128;

/** Packs `rows` rows of d int32 (row stride ld) into int16 rows of dp; returns max |value| (or 32768 when one does not fit). */
export function packRows(src: usize, ld: i32, rows: i32, d: i32, dp: i32, dst: usize): i32 {
  let top = i32x4.splat(0);
  let scalarTop: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>r * <usize>ld) << 2), t = dst + ((<usize>r * <usize>dp) << 1);
    let j = 0;
    for (; j + 8 <= d; j += 8) {
      const a = v128.load(s + (<usize>j << 2)), b = v128.load(s + (<usize>j << 2), 16);
      top = i32x4.max_u(top, i32x4.max_u(i32x4.abs(a), i32x4.abs(b)));
      v128.store(t + (<usize>j << 1), i16x8.narrow_i32x4_s(a, b));
    }
    for (; j < d; j++) {
      const v = load<i32>(s + (<usize>j << 2));
      const a = v < 0 ? -v : v;
      if (<u32>a > <u32>scalarTop) scalarTop = a;
      store<i16>(t + (<usize>j << 1), <i16>v);
    }
    for (; j < dp; j++) store<i16>(t + (<usize>j << 1), 0);
  }
  // abs(-2^31) stays -2^31: compared unsigned it is 2^31, out of range like every other misfit.
  let m = max<u32>(<u32>scalarTop, max<u32>(max<u32>(i32x4.extract_lane(top, 0), i32x4.extract_lane(top, 1)), max<u32>(i32x4.extract_lane(top, 2), i32x4.extract_lane(top, 3))));
  return m > 32767 ? 32768 : <i32>m;
}

@inline function lanes(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** One packed row against one packed row (dp int16 each). */
@inline function dotOne(a: usize, b: usize, dp: i32): i32 {
  let acc = i32x4.splat(0);
  for (let p = 0; p < dp; p += 8) acc = i32x4.add(acc, i32x4.dot_i16x8_s(v128.load(a + (<usize>p << 1)), v128.load(b + (<usize>p << 1))));
  return lanes(acc);
}

/** out[i, j] for packed int16 rows x (m rows) and y rows [j0, j1), row length dp (a multiple of 8); ro: out row stride in bytes. Exact under the file comment's bound. */
export function rowDotsBlock(m: i32, dp: i32, xp: usize, yp: usize, j0: i32, j1: i32, out: usize, ro: usize): void {
  const rb = <usize>dp << 1;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const x0 = xp + <usize>i * rb, x1 = x0 + rb;
    const o0 = out + <usize>i * ro, o1 = o0 + ro;
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      const y0 = yp + <usize>j * rb, y1 = y0 + rb, y2 = y1 + rb, y3 = y2 + rb;
      let a00 = i32x4.splat(0), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
      for (let p = 0; p < dp; p += 8) {
        const off = <usize>p << 1;
        const u = v128.load(x0 + off), w = v128.load(x1 + off);
        let v = v128.load(y0 + off);
        a00 = i32x4.add(a00, i32x4.dot_i16x8_s(u, v));
        a10 = i32x4.add(a10, i32x4.dot_i16x8_s(w, v));
        v = v128.load(y1 + off);
        a01 = i32x4.add(a01, i32x4.dot_i16x8_s(u, v));
        a11 = i32x4.add(a11, i32x4.dot_i16x8_s(w, v));
        v = v128.load(y2 + off);
        a02 = i32x4.add(a02, i32x4.dot_i16x8_s(u, v));
        a12 = i32x4.add(a12, i32x4.dot_i16x8_s(w, v));
        v = v128.load(y3 + off);
        a03 = i32x4.add(a03, i32x4.dot_i16x8_s(u, v));
        a13 = i32x4.add(a13, i32x4.dot_i16x8_s(w, v));
      }
      const p0 = o0 + (<usize>j << 2), p1 = o1 + (<usize>j << 2);
      store<i32>(p0, lanes(a00)); store<i32>(p0, lanes(a01), 4); store<i32>(p0, lanes(a02), 8); store<i32>(p0, lanes(a03), 12);
      store<i32>(p1, lanes(a10)); store<i32>(p1, lanes(a11), 4); store<i32>(p1, lanes(a12), 8); store<i32>(p1, lanes(a13), 12);
    }
    for (; j < j1; j++) {
      const y = yp + <usize>j * rb;
      store<i32>(o0 + (<usize>j << 2), dotOne(x0, y, dp));
      store<i32>(o1 + (<usize>j << 2), dotOne(x1, y, dp));
    }
  }
  if (i < m) {
    const x0 = xp + <usize>i * rb, o0 = out + <usize>i * ro;
    for (let j = j0; j < j1; j++) store<i32>(o0 + (<usize>j << 2), dotOne(x0, yp + <usize>j * rb, dp));
  }
}

/** Y rows at most for the streamed form (X read in place, narrowed on the fly). */
export const STREAM_ROWS_Y: i32 = 16;

/**
 * Few rows of Y (n <= STREAM_ROWS_Y, k-means centres): X is not packed (its packing would cost more
 * than the products); each row of X is read once per group of 4 packed Y rows, narrowed to int16
 * in registers (8 values per i16x8.narrow_i32x4_s), its max |value| kept on the way. Results go to
 * `tmp` [m, n] and are copied to out only when X fits the bound. Y is packed in groups of 4 rows
 * (zero rows past n). The last d % 8 columns are summed as scalars (exact in int32 too).
 */
function streamed(m: i32, n: i32, d: i32, x: usize, ldx: i32, yp: usize, dp: i32, topY: i32, out: usize, ldo: i32, tmp: usize): i32 {
  const rb = <usize>dp << 1, d8 = d & ~7;
  let top = i32x4.splat(0);
  let scalarTop: u32 = 0;
  for (let i = 0; i < m; i++) {
    const row = x + ((<usize>i * <usize>ldx) << 2), o = tmp + ((<usize>i * <usize>n) << 2);
    for (let j = 0; j < n; j += 4) {
      const y0 = yp + <usize>j * rb, y1 = y0 + rb, y2 = y1 + rb, y3 = y2 + rb;
      let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let p = 0; p < d8; p += 8) {
        const lo = v128.load(row + (<usize>p << 2)), hi = v128.load(row + (<usize>p << 2), 16);
        top = i32x4.max_u(top, i32x4.max_u(i32x4.abs(lo), i32x4.abs(hi)));
        const u = i16x8.narrow_i32x4_s(lo, hi), off = <usize>p << 1;
        a0 = i32x4.add(a0, i32x4.dot_i16x8_s(u, v128.load(y0 + off)));
        a1 = i32x4.add(a1, i32x4.dot_i16x8_s(u, v128.load(y1 + off)));
        a2 = i32x4.add(a2, i32x4.dot_i16x8_s(u, v128.load(y2 + off)));
        a3 = i32x4.add(a3, i32x4.dot_i16x8_s(u, v128.load(y3 + off)));
      }
      let s0 = lanes(a0), s1 = lanes(a1), s2 = lanes(a2), s3 = lanes(a3);
      for (let p = d8; p < d; p++) {
        const v = load<i32>(row + (<usize>p << 2)), off = <usize>p << 1;
        const a = <u32>(v < 0 ? -v : v);
        if (a > scalarTop) scalarTop = a;
        s0 += v * <i32>load<i16>(y0 + off);
        s1 += v * <i32>load<i16>(y1 + off);
        s2 += v * <i32>load<i16>(y2 + off);
        s3 += v * <i32>load<i16>(y3 + off);
      }
      const at = o + (<usize>j << 2);
      store<i32>(at, s0);
      if (j + 1 < n) store<i32>(at, s1, 4);
      if (j + 2 < n) store<i32>(at, s2, 8);
      if (j + 3 < n) store<i32>(at, s3, 12);
    }
  }
  const topX = max<u32>(scalarTop, max<u32>(max<u32>(i32x4.extract_lane(top, 0), i32x4.extract_lane(top, 1)), max<u32>(i32x4.extract_lane(top, 2), i32x4.extract_lane(top, 3))));
  // A value past 32767 was narrowed with saturation: the products above are then void.
  if (topX > 32767 || <f64>topX * <f64>topY * <f64>d >= 2147483648.0) return 1;
  for (let i = 0; i < m; i++) memory.copy(out + ((<usize>i * <usize>ldo) << 2), tmp + ((<usize>i * <usize>n) << 2), <usize>n << 2);
  return 0;
}

/**
 * See the file comment. Up to STREAM_ROWS_Y rows of Y take the streamed form (X unpacked; workspace
 * roundUp4(n) * dp int16 values, then m * n int32 values).
 */
export function row_dots_i32(m: i32, n: i32, d: i32, x: usize, ldx: i32, y: usize, ldy: i32, out: usize, ldo: i32, work: usize): i32 {
  const dp = (d + 7) & ~7;
  if (n <= STREAM_ROWS_Y) {
    const n4 = (n + 3) & ~3;
    const topY = packRows(y, ldy, n, d, dp, work);
    memory.fill(work + ((<usize>n * <usize>dp) << 1), 0, (<usize>(n4 - n) * <usize>dp) << 1);
    if (topY > 32767) return 1;
    return streamed(m, n, d, x, ldx, work, dp, topY, out, ldo, work + ((<usize>n4 * <usize>dp) << 1));
  }
  const yp = work, xp = work + ((<usize>n * <usize>dp) << 1);
  const topY = packRows(y, ldy, n, d, dp, yp);
  const topX = packRows(x, ldx, m, d, dp, xp);
  if (topX > 32767 || topY > 32767 || <f64>topX * <f64>topY * <f64>d >= 2147483648.0) return 1;
  const ro = <usize>ldo << 2;
  for (let j0 = 0; j0 < n; j0 += ROWS_Y) rowDotsBlock(m, dp, xp, yp, j0, min(n, j0 + ROWS_Y), out, ro);
  return 0;
}
