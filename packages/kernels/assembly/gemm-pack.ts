// Packing of GEMM operands into the contiguous micro-panels the micro-kernels read.
// Transposed operands are handled here (4x4 in-register transposes), so all four transpose
// combinations run the same micro-kernel. Panels are zero-padded to full MR / NR width.
// Reads never go past the operand's last element; writes stay inside dst's panels.
import { MR, NR } from './gemm-micro';

/** Full MR-row panels of a transposed A packed side by side per step (packA): 4 x 4 or 4 x 6 floats per row of A. */
const PANEL_GROUP: i32 = 4;

/** MR contiguous floats from src to dst: one vector, and one 8-byte move for the 6-row tile. */
@inline function copyPanelStep(src: usize, dst: usize): void {
  v128.store(dst, v128.load(src));
  if (MR == 6) store<u64>(dst, load<u64>(src, 16), 16);
}

/** Stores the transpose of rows v0..v3 (4 floats each) as 4 vectors at dst, dst + stride, ... (in order). */
@inline function transposeStore(v0: v128, v1: v128, v2: v128, v3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(v2, v3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * op(B)[p0 .. p0+kc, j0 .. j0+nc] -> panels of NR columns: panel q at dst + q*kc*NR floats,
 * step p of a panel at + p*NR. op(B)[p, j] is B[p*ldb + j], or B[j*ldb + p] when transB.
 */
export function packB(transB: bool, b: usize, ldb: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  // Panel by panel, writing each panel sequentially. (Row by row instead scatters the writes
  // kc * NR * 4 bytes apart, a multiple of 4 KiB: L1 set aliasing made packing 1.3-1.7x slower.)
  const rowB = <usize>ldb << 2;
  const stepB: usize = <usize>NR << 2;
  let jp = 0;
  if (!transB) {
    // Full panels two at a time: each step copies one 16-float run of a row of B into both panels
    // (one cache line per row read once; panel by panel reads each line in halves, kc rows apart,
    // and with ldb a multiple of 16 floats L1 set aliasing evicts it in between, as in packA).
    const panelBytes = <usize>kc * stepB;
    for (; jp + 2 * NR <= nc; jp += 2 * NR) {
      let src = b + ((<usize>p0 * <usize>ldb + <usize>(j0 + jp)) << 2);
      let out = dst;
      for (let p = 0; p < kc; p++) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        v128.store(out + panelBytes, v128.load(src, 32));
        v128.store(out + panelBytes, v128.load(src, 48), 16);
        src += rowB;
        out += stepB;
      }
      dst += 2 * panelBytes;
    }
  }
  for (; jp < nc; jp += NR) {
    const w = min(NR, nc - jp);
    if (!transB) {
      let src = b + ((<usize>p0 * <usize>ldb + <usize>(j0 + jp)) << 2);
      if (w == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          src += rowB;
          dst += stepB;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          let j = 0;
          for (; j < w; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
          for (; j < NR; j++) store<f32>(dst + (<usize>j << 2), 0);
          src += rowB;
          dst += stepB;
        }
      }
    } else {
      // Columns of op(B) are rows of B: contiguous in p.
      const src = b + ((<usize>(j0 + jp) * <usize>ldb + <usize>p0) << 2);
      if (w == NR) {
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const o = <usize>p << 2;
          for (let g = 0; g < NR; g += 4) {
            const r = src + <usize>g * rowB + o;
            transposeStore(v128.load(r), v128.load(r + rowB), v128.load(r + 2 * rowB), v128.load(r + 3 * rowB),
              dst + ((<usize>p * <usize>NR + <usize>g) << 2), stepB);
          }
        }
        for (; p < kc; p++) {
          for (let j = 0; j < NR; j++) {
            store<f32>(dst + ((<usize>p * <usize>NR + <usize>j) << 2), load<f32>(src + <usize>j * rowB + (<usize>p << 2)));
          }
        }
      } else {
        for (let p = 0; p < kc; p++) {
          let j = 0;
          for (; j < w; j++) {
            store<f32>(dst + ((<usize>p * <usize>NR + <usize>j) << 2), load<f32>(src + <usize>j * rowB + (<usize>p << 2)));
          }
          for (; j < NR; j++) store<f32>(dst + ((<usize>p * <usize>NR + <usize>j) << 2), 0);
        }
      }
      dst += <usize>kc * stepB;
    }
  }
}

/**
 * op(A)[i0 .. i0+mc, p0 .. p0+kc] -> panels of MR rows: panel q at dst + q*kc*MR floats, step p
 * at + p*MR (MR >= 4). op(A)[i, p] is A[i*lda + p], or A[p*lda + i] when transA.
 */
export function packA(transA: bool, a: usize, lda: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize): void {
  const rowA = <usize>lda << 2;
  const stepA: usize = <usize>MR << 2;
  if (transA) {
    // Rows of op(A) at one step p are contiguous in A. Full panels go PANEL_GROUP at a time: each
    // step reads one run of PANEL_GROUP * MR floats of a row of A and appends MR of them to each of
    // the group's panels (sequential writes in PANEL_GROUP streams). Panel by panel instead reads
    // each row's cache line MR floats at a time, kc rows apart: with lda a multiple of 16 floats the
    // kc lines fall into a few L1 sets and are evicted before the next panel reads the rest of them
    // (a weight gradient dY^T X with 192 or 256 outputs packed at ~half the untransposed speed).
    let ip = 0;
    const groupBytes = <usize>kc * stepA;
    for (; ip + PANEL_GROUP * MR <= mc; ip += PANEL_GROUP * MR) {
      let src = a + ((<usize>p0 * <usize>lda + <usize>(i0 + ip)) << 2);
      let out = dst;
      for (let p = 0; p < kc; p++) {
        for (let g = 0; g < PANEL_GROUP; g++) copyPanelStep(src + <usize>(g * MR * 4), out + <usize>g * groupBytes);
        src += rowA;
        out += stepA;
      }
      dst += PANEL_GROUP * groupBytes;
    }
    for (; ip < mc; ip += MR) {
      const h = min(MR, mc - ip);
      let src = a + ((<usize>p0 * <usize>lda + <usize>(i0 + ip)) << 2);
      for (let p = 0; p < kc; p++) {
        const out = dst + <usize>p * stepA;
        let i = 0;
        if (h == MR) {
          copyPanelStep(src, out);
          i = MR;
        }
        for (; i < h; i++) store<f32>(out + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
        for (; i < MR; i++) store<f32>(out + (<usize>i << 2), 0);
        src += rowA;
      }
      dst += groupBytes;
    }
    return;
  }
  // Rows of A are contiguous in p: 4x4 transposes of the first 4 rows of a panel (and rows 4-5 of a
  // 6-row panel as interleaved pairs); the last kc % 4 steps and partial panels scalar.
  for (let ip = 0; ip < mc; ip += MR) {
    const h = min(MR, mc - ip);
    const src = a + ((<usize>(i0 + ip) * <usize>lda + <usize>p0) << 2);
    let p = 0;
    if (h == MR) {
      for (; p + 4 <= kc; p += 4) {
        const r = src + (<usize>p << 2);
        const out = dst + <usize>p * stepA;
        transposeStore(v128.load(r), v128.load(r + rowA), v128.load(r + 2 * rowA), v128.load(r + 3 * rowA), out, stepA);
        if (MR == 6) {
          // Rows 4 and 5: interleaved pairs, one 8-byte store per step.
          const v4 = v128.load(r + 4 * rowA), v5 = v128.load(r + 5 * rowA);
          const lo = i32x4.shuffle(v4, v5, 0, 4, 1, 5), hi = i32x4.shuffle(v4, v5, 2, 6, 3, 7);
          store<u64>(out, i64x2.extract_lane(lo, 0), 16);
          store<u64>(out + stepA, i64x2.extract_lane(lo, 1), 16);
          store<u64>(out + 2 * stepA, i64x2.extract_lane(hi, 0), 16);
          store<u64>(out + 3 * stepA, i64x2.extract_lane(hi, 1), 16);
        }
      }
    }
    for (; p < kc; p++) {
      let i = 0;
      for (; i < h; i++) store<f32>(dst + <usize>p * stepA + (<usize>i << 2), load<f32>(src + <usize>i * rowA + (<usize>p << 2)));
      for (; i < MR; i++) store<f32>(dst + <usize>p * stepA + (<usize>i << 2), 0);
    }
    dst += <usize>kc * stepA;
  }
}
