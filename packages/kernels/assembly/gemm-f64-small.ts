// float64 GEMM with few rows of C (m <= SMALL_ROWS64): mat-vec and small batches, bound by the
// bandwidth of B, so B is streamed once and never packed (as gemm-small.ts for f32). `ap` holds
// op(A) as m contiguous rows of k doubles; the epilogue state must be set for the final store.
import { madd2 } from './math-f64';
import { epilogueRow64, finish1_64 } from './gemm-f64-epilogue';

/** Most rows of C the few-rows path takes. */
export const SMALL_ROWS64: i32 = 4;
/** Columns of C per chunk of the axpy form (SMALL_ROWS64 accumulator rows of 8 KiB stay in L1). */
export const SMALL_CHUNK64: i32 = 1024;

/** op(A) [m, k] -> dst as m contiguous rows of k doubles. */
export function packRows64(transA: bool, a: usize, lda: i32, m: i32, k: i32, dst: usize): void {
  for (let i = 0; i < m; i++) {
    const out = dst + ((<usize>i * <usize>k) << 3);
    if (!transA) {
      memory.copy(out, a + ((<usize>i * <usize>lda) << 3), <usize>k << 3);
    } else {
      for (let p = 0; p < k; p++) store<f64>(out + (<usize>p << 3), load<f64>(a + ((<usize>p * <usize>lda + <usize>i) << 3)));
    }
  }
}

/** C[m, n] from packed rows ap and B stored [k, n]: acc_i += a[i, p] B[p, chunk], two B rows per pass. */
export function smallAxpy64(m: i32, n: i32, k: i32, ap: usize, b: usize, ldb: i32, c: usize, ldc: i32, acc: usize): void {
  const rowB = <usize>ldb << 3;
  const accRow = <usize>SMALL_CHUNK64 << 3;
  for (let j0 = 0; j0 < n; j0 += SMALL_CHUNK64) {
    const nb = min(SMALL_CHUNK64, n - j0);
    memory.fill(acc, 0, <usize>m * accRow);
    let p = 0;
    for (; p + 2 <= k; p += 2) {
      const b0 = b + ((<usize>p * <usize>ldb + <usize>j0) << 3);
      const b1 = b0 + rowB;
      for (let i = 0; i < m; i++) {
        const ar = ap + ((<usize>i * <usize>k + <usize>p) << 3);
        const s0 = load<f64>(ar), s1 = load<f64>(ar, 8);
        const a0 = f64x2.splat(s0), a1 = f64x2.splat(s1);
        const out = acc + <usize>i * accRow;
        let j = 0;
        for (; j + 2 <= nb; j += 2) {
          const o = <usize>j << 3;
          v128.store(out + o, madd2(a1, v128.load(b1 + o), madd2(a0, v128.load(b0 + o), v128.load(out + o))));
        }
        for (; j < nb; j++) {
          const o = <usize>j << 3;
          store<f64>(out + o, f64x2.extract_lane(madd2(a1, f64x2.splat(load<f64>(b1 + o)),
            madd2(a0, f64x2.splat(load<f64>(b0 + o)), f64x2.splat(load<f64>(out + o)))), 0));
        }
      }
    }
    if (p < k) {
      const b0 = b + ((<usize>p * <usize>ldb + <usize>j0) << 3);
      for (let i = 0; i < m; i++) {
        const a0 = f64x2.splat(load<f64>(ap + ((<usize>i * <usize>k + <usize>p) << 3)));
        const out = acc + <usize>i * accRow;
        let j = 0;
        for (; j + 2 <= nb; j += 2) {
          const o = <usize>j << 3;
          v128.store(out + o, madd2(a0, v128.load(b0 + o), v128.load(out + o)));
        }
        for (; j < nb; j++) {
          const o = <usize>j << 3;
          store<f64>(out + o, f64x2.extract_lane(madd2(a0, f64x2.splat(load<f64>(b0 + o)), f64x2.splat(load<f64>(out + o))), 0));
        }
      }
    }
    for (let i = 0; i < m; i++) {
      epilogueRow64(acc + <usize>i * accRow, c + ((<usize>i * <usize>ldc + <usize>j0) << 3), nb, j0);
    }
  }
}

/** Dot product of k doubles at x and y: two f64x2 accumulators, then the scalar tail. */
@inline function dot64(x: usize, y: usize, k: i32): f64 {
  let s0 = f64x2.splat(0), s1 = s0;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 3;
    s0 = madd2(v128.load(x + o), v128.load(y + o), s0);
    s1 = madd2(v128.load(x + o, 16), v128.load(y + o, 16), s1);
  }
  s0 = f64x2.add(s0, s1);
  let t = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (; p < k; p++) t += load<f64>(x + (<usize>p << 3)) * load<f64>(y + (<usize>p << 3));
  return t;
}

/** C[m, n] from packed rows ap and B stored [n, k] (transposed): one dot product per element of C. */
export function smallDot64(m: i32, n: i32, k: i32, ap: usize, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const rowB = <usize>ldb << 3;
  for (let j = 0; j < n; j++) {
    const br = b + <usize>j * rowB;
    for (let i = 0; i < m; i++) {
      finish1_64(dot64(ap + ((<usize>i * <usize>k) << 3), br, k), c + ((<usize>i * <usize>ldc + <usize>j) << 3), j);
    }
  }
}
