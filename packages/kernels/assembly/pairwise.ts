// Pairwise squared Euclidean distances through GEMM (kNN, k-means, kernel matrices):
//   out[i, j] = max(||x_i||^2 + ||y_j||^2 - 2 x_i . y_j, 0)
// for rows x_i of X [m, d] (row stride ldx) and y_j of Y [n, d] (row stride ldy); out has row
// stride ldo. The -2 X Y^T product is one transB GEMM whose epilogue adds ||y_j||^2 as its bias;
// a last pass adds ||x_i||^2 and clamps the rounding error below 0 (NaN stays NaN). Norms are
// summed in float64. The result carries the GEMM form's cancellation: an absolute error of about
// eps (||x_i||^2 + ||y_j||^2), so near-duplicate points can come out as 0.
//
// Workspace contract (`work`, 16-byte aligned): the norms of Y (n elements rounded up to 16 bytes),
// then the GEMM workspace of an [m, n, d] problem of the same dtype (gemm.ts / gemm-f64.ts).
// out must not overlap X, Y or work. m, n >= 1; d >= 0.
import { setActivation } from './gemm-epilogue';
import { gemmOne } from './gemm';
import { setActivation64 } from './gemm-f64-epilogue';
import { gemmOne64 } from './gemm-f64';

@inline function sumSquares<T>(p: usize, d: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0;
  let q = 0;
  for (; q + 2 <= d; q += 2) {
    const a = <f64>load<T>(p + (<usize>q << alignof<T>()));
    const b = <f64>load<T>(p + (<usize>(q + 1) << alignof<T>()));
    s0 += a * a;
    s1 += b * b;
  }
  if (q < d) {
    const a = <f64>load<T>(p + (<usize>q << alignof<T>()));
    s0 += a * a;
  }
  return s0 + s1;
}

/** Writes ||y_j||^2 for j < n to norms (as T). */
@inline function rowNorms<T>(n: i32, d: i32, y: usize, ldy: i32, norms: usize): void {
  for (let j = 0; j < n; j++) {
    store<T>(norms + (<usize>j << alignof<T>()), <T>sumSquares<T>(y + ((<usize>j * <usize>ldy) << alignof<T>()), d));
  }
}

/** Bytes of the norms block: n elements of T rounded up to 16. */
@inline function normBytes<T>(n: i32): usize {
  return ((<usize>n << alignof<T>()) + 15) & ~15;
}

/** See the file comment; float64. */
export function pairwise_sqdist_f64(m: i32, n: i32, d: i32, x: usize, ldx: i32, y: usize, ldy: i32, out: usize, ldo: i32, work: usize): void {
  rowNorms<f64>(n, d, y, ldy, work);
  setActivation64(work, -1, 0);
  gemmOne64(false, true, m, n, d, -2, x, ldx, y, ldy, 0, out, ldo, work + normBytes<f64>(n), false);
  const zero = f64x2.splat(0);
  for (let i = 0; i < m; i++) {
    const xn = sumSquares<f64>(x + ((<usize>i * <usize>ldx) << 3), d);
    const row = out + ((<usize>i * <usize>ldo) << 3);
    const vxn = f64x2.splat(xn);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const p = row + (<usize>j << 3);
      const v = f64x2.add(v128.load(p), vxn);
      v128.store(p, v128.bitselect(zero, v, f64x2.lt(v, zero)));
    }
    for (; j < n; j++) {
      const p = row + (<usize>j << 3);
      const v = load<f64>(p) + xn;
      store<f64>(p, v < 0 ? 0 : v);
    }
  }
}

/** See the file comment; float32 data, norms summed in float64 and rounded once. */
export function pairwise_sqdist_f32(m: i32, n: i32, d: i32, x: usize, ldx: i32, y: usize, ldy: i32, out: usize, ldo: i32, work: usize): void {
  rowNorms<f32>(n, d, y, ldy, work);
  setActivation(work, -1, 0);
  gemmOne(false, true, m, n, d, -2, x, ldx, y, ldy, 0, out, ldo, work + normBytes<f32>(n), false);
  const zero = f32x4.splat(0);
  for (let i = 0; i < m; i++) {
    const xn = <f32>sumSquares<f32>(x + ((<usize>i * <usize>ldx) << 2), d);
    const row = out + ((<usize>i * <usize>ldo) << 2);
    const vxn = f32x4.splat(xn);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const p = row + (<usize>j << 2);
      const v = f32x4.add(v128.load(p), vxn);
      v128.store(p, v128.bitselect(zero, v, f32x4.lt(v, zero)));
    }
    for (; j < n; j++) {
      const p = row + (<usize>j << 2);
      const v = load<f32>(p) + xn;
      store<f32>(p, v < 0 ? 0 : v);
    }
  }
}
