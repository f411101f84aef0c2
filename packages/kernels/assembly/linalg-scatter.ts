// The scatter matrix of a data matrix's rows about their mean, C = (X - 1 mean^T)^T (X - 1 mean^T)
// [d, d] (the covariance times n - 1; PCA's X_c^T X_c), with X [n, d] read in place:
// 1. mean: column sums in float64 (f64x2 / scalar per lane), divided by n;
// 2. X is centred SCATTER_ROWS rows at a time into a small panel P [r, d]; C += P^T P is computed
//    only on the upper triangle of C, a block row of SCATTER_TILE rows per GEMM from the diagonal to
//    the last column (SYRK-style: about half the work of the full product), on the packed GEMM with
//    P^T as its transposed A operand (transposed while it is packed, so no copy of P^T is made).
//    SCATTER_TILE is two of the GEMM's MC64 blocks: larger block rows run the GEMM faster, smaller
//    ones compute fewer entries below the diagonal (d * SCATTER_TILE / 2 of them in all);
// 3. the upper triangle is mirrored, so C is exactly symmetric.
// Centring before the product (never E[x x^T] - mean mean^T) keeps C accurate for data far from 0.
import { gemmT } from './linalg-gemm';
import { atT, getT, setT } from './linalg-vec';

/** Rows of X centred per panel (the GEMMs' inner dimension). */
export const SCATTER_ROWS: i32 = 256;
/** Rows of C per GEMM block row. */
export const SCATTER_TILE: i32 = 192;

function scatterT<T>(n: i32, d: i32, x: usize, ldx: i32, mean: usize, c: usize, work: usize, gemmWork: usize): void {
  const size = <usize>sizeof<T>();
  const sums = work, panel = sums + (<usize>d << 3);
  memory.fill(sums, 0, <usize>d << 3);
  for (let i = 0; i < n; i++) {
    const row = atT<T>(x, i, 0, ldx);
    let j = 0;
    if (sizeof<T>() == 8) {
      for (; j + 2 <= d; j += 2) {
        const o = <usize>j << 3;
        v128.store(sums + o, f64x2.add(v128.load(sums + o), v128.load(row + o)));
      }
    }
    for (; j < d; j++) store<f64>(sums + (<usize>j << 3), load<f64>(sums + (<usize>j << 3)) + getT<T>(row, j));
  }
  for (let j = 0; j < d; j++) setT<T>(mean, j, load<f64>(sums + (<usize>j << 3)) / <f64>n);
  for (let r0 = 0; r0 < n; r0 += SCATTER_ROWS) {
    const rows = min(SCATTER_ROWS, n - r0);
    for (let i = 0; i < rows; i++) {
      const src = atT<T>(x, r0 + i, 0, ldx), dst = atT<T>(panel, i, 0, d);
      let j = 0;
      if (sizeof<T>() == 8) {
        for (; j + 2 <= d; j += 2) {
          const o = <usize>j << 3;
          v128.store(dst + o, f64x2.sub(v128.load(src + o), v128.load(mean + o)));
        }
      }
      for (; j < d; j++) setT<T>(dst, j, getT<T>(src, j) - getT<T>(mean, j));
    }
    const beta: f64 = r0 == 0 ? 0 : 1;
    for (let i0 = 0; i0 < d; i0 += SCATTER_TILE) {
      const mi = min(SCATTER_TILE, d - i0);
      gemmT<T>(true, false, mi, d - i0, rows, 1, atT<T>(panel, 0, i0, d), d, atT<T>(panel, 0, i0, d), d, beta,
        atT<T>(c, i0, i0, d), d, gemmWork);
    }
  }
  if (n == 0) {
    memory.fill(c, 0, <usize>d * <usize>d * size);
    return;
  }
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) setT<T>(atT<T>(c, j, i, d), 0, getT<T>(atT<T>(c, i, j, d), 0));
}

/**
 * C [d, d] (contiguous) = the scatter matrix of X [n, d] (row stride ldx) about mean [d] (written:
 * the column means). work: d float64 + SCATTER_ROWS d T; gemmWork: the GEMM workspace of
 * [SCATTER_TILE, d, min(n, SCATTER_ROWS)] products (and their few-rows forms when d is small).
 */
export function scatter_f32(n: i32, d: i32, x: usize, ldx: i32, mean: usize, c: usize, work: usize, gemmWork: usize): void {
  scatterT<f32>(n, d, x, ldx, mean, c, work, gemmWork);
}

/** scatterT in float64 (see scatter_f32's contract above). */
export function scatter_f64(n: i32, d: i32, x: usize, ldx: i32, mean: usize, c: usize, work: usize, gemmWork: usize): void {
  scatterT<f64>(n, d, x, ldx, mean, c, work, gemmWork);
}
