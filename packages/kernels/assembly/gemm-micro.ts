// Register-blocked GEMM micro-kernels: an MR x NR tile of C from a packed A micro-panel
// (kc rows of MR floats, k-major) and a packed B micro-panel (kc rows of NR floats, k-major).
// Plain SIMD: 4x8 (8 f32x4 accumulators + 2 B vectors + 1 broadcast A + 1 product = 12 of V8's 15
// usable vector registers on x64). Relaxed SIMD: 6x8 (12 accumulators + 2 B + 1 A = 15; the fused
// multiply-add needs no product register). Measured on V8 11.3 against 5x8, 6x8, 4x12 and 2x16
// (plain) and 3x12, 4x8, 5x8, 4x12 and 2x16 (relaxed): these two were fastest. Both run at 93-97%
// of the arithmetic peak that a register-only loop of the same shape reaches (the benchmarks'
// `limits` suite measures both side by side).
// Full tiles are finished straight from the registers; edge tiles go through `tile` (MR*NR floats)
// and are finished row by row for their valid rows and columns only.
import { madd } from './math';
import { epilogueRow, finishVec, plainStore } from './gemm-epilogue';

/** Rows and columns of the micro-tile of this build. */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
export const NR: i32 = 8;

/**
 * C[rows, cols] (row stride ldc floats, first column index col0 for the bias) from kc >= 1 steps of
 * the panels ap (4 floats per step) and bp (8 floats per step). rows <= 4, cols <= 8.
 * Two k steps per iteration with the exit test between them: the branch keeps binaryen and V8
 * from interleaving the two steps' loads (which spills); +2-5% over one step per iteration.
 */
export function micro4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f32x4.splat(0.0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let b0: v128, b1: v128, a: v128;
  const end = ap + <usize>kc * 16;
  while (true) {
    b0 = v128.load(bp);
    b1 = v128.load(bp, 16);
    a = v128.load32_splat(ap);
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
    if (ap + 16 == end) break;
    b0 = v128.load(bp, 32);
    b1 = v128.load(bp, 48);
    a = v128.load32_splat(ap, 16);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 20);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 24);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 28);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 32;
    bp += 64;
    if (ap == end) break;
  }
  const ldcb = <usize>ldc << 2;
  if (rows == 4 && cols == 8 && plainStore()) {
    v128.store(c, c00);
    v128.store(c, c01, 16);
    c += ldcb;
    v128.store(c, c10);
    v128.store(c, c11, 16);
    c += ldcb;
    v128.store(c, c20);
    v128.store(c, c21, 16);
    c += ldcb;
    v128.store(c, c30);
    v128.store(c, c31, 16);
    return;
  }
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
  for (let r = 0; r < rows; r++) epilogueRow(tile + <usize>r * 32, c + <usize>r * ldcb, cols, col0);
}

/** As micro4x8 for a 6x8 tile (ap holds 6 floats per step; rows <= 6), one k step per iteration (two spill). */
export function micro6x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f32x4.splat(0.0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const end = ap + <usize>kc * 24;
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
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50);
    c51 = madd(a, b1, c51);
    ap += 24;
    bp += 32;
  }
  const ldcb = <usize>ldc << 2;
  if (rows == 6 && cols == 8 && plainStore()) {
    v128.store(c, c00);
    v128.store(c, c01, 16);
    c += ldcb;
    v128.store(c, c10);
    v128.store(c, c11, 16);
    c += ldcb;
    v128.store(c, c20);
    v128.store(c, c21, 16);
    c += ldcb;
    v128.store(c, c30);
    v128.store(c, c31, 16);
    c += ldcb;
    v128.store(c, c40);
    v128.store(c, c41, 16);
    c += ldcb;
    v128.store(c, c50);
    v128.store(c, c51, 16);
    return;
  }
  if (rows == 6 && cols == 8) {
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
    c += ldcb;
    finishVec(c40, c, col0);
    finishVec(c41, c + 16, col0 + 4);
    c += ldcb;
    finishVec(c50, c, col0);
    finishVec(c51, c + 16, col0 + 4);
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
  v128.store(tile, c40, 128);
  v128.store(tile, c41, 144);
  v128.store(tile, c50, 160);
  v128.store(tile, c51, 176);
  for (let r = 0; r < rows; r++) epilogueRow(tile + <usize>r * 32, c + <usize>r * ldcb, cols, col0);
}
