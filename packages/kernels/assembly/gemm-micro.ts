// Register-blocked GEMM micro-kernels: an MR x NR tile of C from a packed A micro-panel
// (kc rows of MR floats, k-major) and a packed B micro-panel (kc rows of NR floats, k-major).
// Plain SIMD: 4x8 (8 f32x4 accumulators + 2 B vectors + 1 broadcast A = 11 of V8's ~15 usable
// vector registers). Relaxed SIMD: 3x12 (9 accumulators + 3 B + 1 A; fused multiply-add).
// Full tiles are finished straight from the registers; edge tiles go through `tile` (MR*NR floats)
// and are finished row by row for their valid rows and columns only.
import { madd } from './math';
import { epilogueRow, finishVec } from './gemm-epilogue';

/** Rows and columns of the micro-tile of this build. */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 3 : 4;
export const NR: i32 = ASC_FEATURE_RELAXED_SIMD ? 12 : 8;

/**
 * C[rows, cols] (row stride ldc floats, first column index col0 for the bias) from kc steps of the
 * panels ap (4 floats per step) and bp (8 floats per step). rows <= 4, cols <= 8.
 */
export function micro4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f32x4.splat(0.0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const end = ap + (<usize>kc << 4);
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const ldcb = <usize>ldc << 2;
  if (rows == 4 && cols == 8) {
    finishVec(c00, c, col0);
    finishVec(c01, c + 16, col0 + 4);
    c += ldcb;
    finishVec(c10, c, col0);
    finishVec(c11, c + 16, col0 + 4);
    c += ldcb;
    finishVec(c20, c, col0);
    finishVec(c21, c + 16, col0 + 4);
    c += ldcb;
    finishVec(c30, c, col0);
    finishVec(c31, c + 16, col0 + 4);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let r = 0; r < rows; r++) epilogueRow(tile + (<usize>r << 5), c + <usize>r * ldcb, cols, col0);
}

/** As micro4x8 for a 3x12 tile: ap holds 3 floats per step, bp 12. rows <= 3, cols <= 12. */
export function micro3x12(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f32x4.splat(0.0), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00, c20 = c00, c21 = c00, c22 = c00;
  const end = ap + <usize>kc * 12;
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const b2 = v128.load(bp, 32);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    c02 = madd(a, b2, c02);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    c12 = madd(a, b2, c12);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    c22 = madd(a, b2, c22);
    ap += 12;
    bp += 48;
  }
  const ldcb = <usize>ldc << 2;
  if (rows == 3 && cols == 12) {
    finishVec(c00, c, col0);
    finishVec(c01, c + 16, col0 + 4);
    finishVec(c02, c + 32, col0 + 8);
    c += ldcb;
    finishVec(c10, c, col0);
    finishVec(c11, c + 16, col0 + 4);
    finishVec(c12, c + 32, col0 + 8);
    c += ldcb;
    finishVec(c20, c, col0);
    finishVec(c21, c + 16, col0 + 4);
    finishVec(c22, c + 32, col0 + 8);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c02, 32);
  v128.store(tile, c10, 48);
  v128.store(tile, c11, 64);
  v128.store(tile, c12, 80);
  v128.store(tile, c20, 96);
  v128.store(tile, c21, 112);
  v128.store(tile, c22, 128);
  for (let r = 0; r < rows; r++) epilogueRow(tile + <usize>r * 48, c + <usize>r * ldcb, cols, col0);
}

/** As micro4x8 for a 2x16 tile: ap holds 2 floats per step, bp 16. rows <= 2, cols <= 16. */
export function micro2x16(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f32x4.splat(0.0), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  const end = ap + (<usize>kc << 3);
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const b2 = v128.load(bp, 32);
    const b3 = v128.load(bp, 48);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    c02 = madd(a, b2, c02);
    c03 = madd(a, b3, c03);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    c12 = madd(a, b2, c12);
    c13 = madd(a, b3, c13);
    ap += 8;
    bp += 64;
  }
  const ldcb = <usize>ldc << 2;
  if (rows == 2 && cols == 16) {
    finishVec(c00, c, col0);
    finishVec(c01, c + 16, col0 + 4);
    finishVec(c02, c + 32, col0 + 8);
    finishVec(c03, c + 48, col0 + 12);
    c += ldcb;
    finishVec(c10, c, col0);
    finishVec(c11, c + 16, col0 + 4);
    finishVec(c12, c + 32, col0 + 8);
    finishVec(c13, c + 48, col0 + 12);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c02, 32);
  v128.store(tile, c03, 48);
  v128.store(tile, c10, 64);
  v128.store(tile, c11, 80);
  v128.store(tile, c12, 96);
  v128.store(tile, c13, 112);
  for (let r = 0; r < rows; r++) epilogueRow(tile + (<usize>r << 6), c + <usize>r * ldcb, cols, col0);
}
