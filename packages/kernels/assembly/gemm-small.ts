// GEMM with few rows of C (m <= 8): mat-vec and small batches. Bandwidth-bound on B, so B is
// streamed once per column chunk and no B panel is packed. `ap` holds op(A) packed as m rows of
// k contiguous floats; the epilogue state (gemm-epilogue.ts) must be set for the final store.
import { madd } from './math';
import { epilogueRow, finish1 } from './gemm-epilogue';

/**
 * Columns of C per chunk of the axpy form. Long chunks keep each B row a long sequential stream
 * (DRAM prefetchers work per 4 KiB page); measured best at 2048 for 1x4096 . 4096x4096.
 */
export const SMALL_CHUNK: i32 = 2048;

/** op(A) [m, k] -> dst as m contiguous rows of k floats. */
export function packRows(transA: bool, a: usize, lda: i32, m: i32, k: i32, dst: usize): void {
  for (let i = 0; i < m; i++) {
    const out = dst + ((<usize>i * <usize>k) << 2);
    if (!transA) {
      memory.copy(out, a + ((<usize>i * <usize>lda) << 2), <usize>k << 2);
    } else {
      for (let p = 0; p < k; p++) store<f32>(out + (<usize>p << 2), load<f32>(a + ((<usize>p * <usize>lda + <usize>i) << 2)));
    }
  }
}

/**
 * C[m, n] from packed rows ap and B stored [k, n] (row stride ldb): for each chunk of columns,
 * acc_i += sum_p a[i, p] * B[p, chunk], four B rows per pass. acc holds m * SMALL_CHUNK floats.
 */
export function smallAxpy(m: i32, n: i32, k: i32, ap: usize, b: usize, ldb: i32, c: usize, ldc: i32, acc: usize): void {
  const rowB = <usize>ldb << 2;
  const accRow = <usize>SMALL_CHUNK << 2;
  for (let j0 = 0; j0 < n; j0 += SMALL_CHUNK) {
    const nb = min(SMALL_CHUNK, n - j0);
    memory.fill(acc, 0, <usize>m * accRow);
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const b0 = b + ((<usize>p * <usize>ldb + <usize>j0) << 2);
      const b1 = b0 + rowB, b2 = b1 + rowB, b3 = b2 + rowB;
      for (let i = 0; i < m; i++) {
        const ar = ap + ((<usize>i * <usize>k + <usize>p) << 2);
        const s0 = <f32>load<f32>(ar), s1 = load<f32>(ar, 4), s2 = load<f32>(ar, 8), s3 = load<f32>(ar, 12);
        const a0 = f32x4.splat(s0), a1 = f32x4.splat(s1), a2 = f32x4.splat(s2), a3 = f32x4.splat(s3);
        const out = acc + <usize>i * accRow;
        let j = 0;
        for (; j + 4 <= nb; j += 4) {
          const o = <usize>j << 2;
          let v = v128.load(out + o);
          v = madd(a0, v128.load(b0 + o), v);
          v = madd(a1, v128.load(b1 + o), v);
          v = madd(a2, v128.load(b2 + o), v);
          v = madd(a3, v128.load(b3 + o), v);
          v128.store(out + o, v);
        }
        for (; j < nb; j++) {
          const o = <usize>j << 2;
          let v = load<f32>(out + o);
          v += s0 * load<f32>(b0 + o);
          v += s1 * load<f32>(b1 + o);
          v += s2 * load<f32>(b2 + o);
          v += s3 * load<f32>(b3 + o);
          store<f32>(out + o, v);
        }
      }
    }
    for (; p < k; p++) {
      const b0 = b + ((<usize>p * <usize>ldb + <usize>j0) << 2);
      for (let i = 0; i < m; i++) {
        const s0 = load<f32>(ap + ((<usize>i * <usize>k + <usize>p) << 2));
        const a0 = f32x4.splat(s0);
        const out = acc + <usize>i * accRow;
        let j = 0;
        for (; j + 4 <= nb; j += 4) {
          const o = <usize>j << 2;
          v128.store(out + o, madd(a0, v128.load(b0 + o), v128.load(out + o)));
        }
        for (; j < nb; j++) {
          const o = <usize>j << 2;
          store<f32>(out + o, load<f32>(out + o) + s0 * load<f32>(b0 + o));
        }
      }
    }
    for (let i = 0; i < m; i++) {
      epilogueRow(acc + <usize>i * accRow, c + ((<usize>i * <usize>ldc + <usize>j0) << 2), nb, j0);
    }
  }
}

@inline function hsum(s: v128): f32 {
  return (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
}

/**
 * C[m, n] from packed rows ap and B stored [n, k] (transposed; row stride ldb): dot products of
 * A rows with four B rows at a time (four sequential streams; each A load feeds four products).
 */
export function smallDot(m: i32, n: i32, k: i32, ap: usize, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const rowB = <usize>ldb << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const b0 = b + <usize>j * rowB, b1 = b0 + rowB, b2 = b1 + rowB, b3 = b2 + rowB;
    for (let i = 0; i < m; i++) {
      const ar = ap + ((<usize>i * <usize>k) << 2);
      let s0 = f32x4.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const o = <usize>p << 2;
        const av = v128.load(ar + o);
        s0 = madd(av, v128.load(b0 + o), s0);
        s1 = madd(av, v128.load(b1 + o), s1);
        s2 = madd(av, v128.load(b2 + o), s2);
        s3 = madd(av, v128.load(b3 + o), s3);
      }
      let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
      for (; p < k; p++) {
        const o = <usize>p << 2;
        const av = load<f32>(ar + o);
        t0 += av * load<f32>(b0 + o);
        t1 += av * load<f32>(b1 + o);
        t2 += av * load<f32>(b2 + o);
        t3 += av * load<f32>(b3 + o);
      }
      const cp = c + ((<usize>i * <usize>ldc + <usize>j) << 2);
      finish1(t0, cp, j);
      finish1(t1, cp + 4, j + 1);
      finish1(t2, cp + 8, j + 2);
      finish1(t3, cp + 12, j + 3);
    }
  }
  for (; j < n; j++) {
    const br = b + <usize>j * rowB;
    for (let i = 0; i < m; i++) {
      const ar = ap + ((<usize>i * <usize>k) << 2);
      let s0 = f32x4.splat(0.0);
      let p = 0;
      for (; p + 4 <= k; p += 4) s0 = madd(v128.load(ar + (<usize>p << 2)), v128.load(br + (<usize>p << 2)), s0);
      let total = hsum(s0);
      for (; p < k; p++) total += load<f32>(ar + (<usize>p << 2)) * load<f32>(br + (<usize>p << 2));
      finish1(total, c + ((<usize>i * <usize>ldc + <usize>j) << 2), j);
    }
  }
}
