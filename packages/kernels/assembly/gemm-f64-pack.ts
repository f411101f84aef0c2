// Packing of float64 GEMM operands into the micro-panels of gemm-f64-micro.ts (as gemm-pack.ts
// for f32). Transposes are absorbed here with 2x2 lane shuffles, so all four transpose forms run
// the same micro-kernel. Panels are zero-padded to full MR64 / NR64 width.
import { MR64, NR64 } from './gemm-f64-micro';

/** Stores [r0.0, r1.0] at lo and [r0.1, r1.1] at hi (a 2x2 transpose). */
@inline function transpose2(r0: v128, r1: v128, lo: usize, hi: usize): void {
  v128.store(lo, i64x2.shuffle(r0, r1, 0, 2));
  v128.store(hi, i64x2.shuffle(r0, r1, 1, 3));
}

/** op(B)[p0 .. p0+kc, j0 .. j0+nc] -> panels of NR64 columns, panel q at dst + q*kc*NR64 doubles. */
export function packB64(transB: bool, b: usize, ldb: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  const rowB = <usize>ldb << 3;
  const stepB: usize = <usize>NR64 << 3;
  for (let jp = 0; jp < nc; jp += NR64) {
    const w = min(NR64, nc - jp);
    if (!transB) {
      let src = b + ((<usize>p0 * <usize>ldb + <usize>(j0 + jp)) << 3);
      if (w == NR64) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += rowB;
          dst += stepB;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          let j = 0;
          for (; j < w; j++) store<f64>(dst + (<usize>j << 3), load<f64>(src + (<usize>j << 3)));
          for (; j < NR64; j++) store<f64>(dst + (<usize>j << 3), 0);
          src += rowB;
          dst += stepB;
        }
      }
    } else {
      // Columns of op(B) are rows of B, contiguous in p.
      const src = b + ((<usize>(j0 + jp) * <usize>ldb + <usize>p0) << 3);
      let p = 0;
      if (w == NR64) {
        for (; p + 2 <= kc; p += 2) {
          const r = src + (<usize>p << 3);
          const out = dst + <usize>p * stepB;
          transpose2(v128.load(r), v128.load(r + rowB), out, out + stepB);
          transpose2(v128.load(r + 2 * rowB), v128.load(r + 3 * rowB), out + 16, out + stepB + 16);
        }
      }
      for (; p < kc; p++) {
        let j = 0;
        for (; j < w; j++) store<f64>(dst + ((<usize>p * <usize>NR64 + <usize>j) << 3), load<f64>(src + <usize>j * rowB + (<usize>p << 3)));
        for (; j < NR64; j++) store<f64>(dst + ((<usize>p * <usize>NR64 + <usize>j) << 3), 0);
      }
      dst += <usize>kc * stepB;
    }
  }
}

/** op(A)[i0 .. i0+mc, p0 .. p0+kc] -> panels of MR64 rows, panel q at dst + q*kc*MR64 doubles. */
export function packA64(transA: bool, a: usize, lda: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize): void {
  const rowA = <usize>lda << 3;
  const stepA: usize = <usize>MR64 << 3;
  for (let ip = 0; ip < mc; ip += MR64) {
    const h = min(MR64, mc - ip);
    if (transA) {
      // Rows of op(A) at one step p are contiguous in A.
      let src = a + ((<usize>p0 * <usize>lda + <usize>(i0 + ip)) << 3);
      for (let p = 0; p < kc; p++) {
        const out = dst + <usize>p * stepA;
        let i = 0;
        if (h == MR64) {
          for (; i < MR64; i += 2) v128.store(out + (<usize>i << 3), v128.load(src + (<usize>i << 3)));
        }
        for (; i < h; i++) store<f64>(out + (<usize>i << 3), load<f64>(src + (<usize>i << 3)));
        for (; i < MR64; i++) store<f64>(out + (<usize>i << 3), 0);
        src += rowA;
      }
    } else {
      // Rows of A are contiguous in p: 2x2 transposes of row pairs.
      const src = a + ((<usize>(i0 + ip) * <usize>lda + <usize>p0) << 3);
      let p = 0;
      if (h == MR64) {
        for (; p + 2 <= kc; p += 2) {
          const r = src + (<usize>p << 3);
          const out = dst + <usize>p * stepA;
          for (let i = 0; i < MR64; i += 2) {
            const ri = r + <usize>i * rowA;
            transpose2(v128.load(ri), v128.load(ri + rowA), out + (<usize>i << 3), out + stepA + (<usize>i << 3));
          }
        }
      }
      for (; p < kc; p++) {
        let i = 0;
        for (; i < h; i++) store<f64>(dst + <usize>p * stepA + (<usize>i << 3), load<f64>(src + <usize>i * rowA + (<usize>p << 3)));
        for (; i < MR64; i++) store<f64>(dst + <usize>p * stepA + (<usize>i << 3), 0);
      }
    }
    dst += <usize>kc * stepA;
  }
}
