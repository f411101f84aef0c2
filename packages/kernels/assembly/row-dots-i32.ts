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
// Workspace contract (`work`, 16-byte aligned): (m + n) * dp int16 values. out must not overlap X,
// Y or work. m, n, d >= 0.

/** Rows of Y per block: 128 rows of 784 int16 = 196 KiB, in L2 beside the packed X rows. */
export const ROWS_Y: i32 = 128;

/** Packs `rows` rows of d int32 (row stride ld) into int16 rows of dp; returns max |value| (or 32768 when one does not fit). */
function packRows(src: usize, ld: i32, rows: i32, d: i32, dp: i32, dst: usize): i32 {
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

/** See the file comment. */
export function row_dots_i32(m: i32, n: i32, d: i32, x: usize, ldx: i32, y: usize, ldy: i32, out: usize, ldo: i32, work: usize): i32 {
  const dp = (d + 7) & ~7;
  const yp = work, xp = work + ((<usize>n * <usize>dp) << 1);
  const topY = packRows(y, ldy, n, d, dp, yp);
  const topX = packRows(x, ldx, m, d, dp, xp);
  if (topX > 32767 || topY > 32767 || <f64>topX * <f64>topY * <f64>d >= 2147483648.0) return 1;
  const ro = <usize>ldo << 2;
  for (let j0 = 0; j0 < n; j0 += ROWS_Y) rowDotsBlock(m, dp, xp, yp, j0, min(n, j0 + ROWS_Y), out, ro);
  return 0;
}
