// Register-blocked float64 GEMM micro-kernels: an MR64 x 4 tile of C from a packed A micro-panel
// (kc steps of MR64 doubles) and a packed B micro-panel (kc steps of 4 doubles), f64x2 lanes.
// The shapes of gemm-micro.ts with half the lanes: plain SIMD 4x4 (8 accumulators + 2 B + 1 A +
// 1 product), relaxed SIMD 6x4 (12 accumulators + 2 B + 1 A; the fused multiply-add needs no
// product register). Full tiles are finished from the registers; edge tiles through `tile`.
import { madd2 } from './math-f64';
import { epilogueRow64, finishVec64, plainStore64 } from './gemm-f64-epilogue';

export const MR64: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
export const NR64: i32 = 4;

@inline function storeRow(c: usize, lo: v128, hi: v128, plain: bool, col0: i32): void {
  if (plain) {
    v128.store(c, lo);
    v128.store(c, hi, 16);
  } else {
    finishVec64(lo, c, col0);
    finishVec64(hi, c + 16, col0 + 2);
  }
}

/** C[rows, cols] (row stride ldc doubles) from kc >= 1 steps of ap (4 per step) and bp (4 per step). */
export function micro4x4_64(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f64x2.splat(0.0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  let b0: v128, b1: v128, a: v128;
  const end = ap + <usize>kc * 32;
  while (true) {
    b0 = v128.load(bp);
    b1 = v128.load(bp, 16);
    a = v128.load64_splat(ap);
    c00 = madd2(a, b0, c00);
    c01 = madd2(a, b1, c01);
    a = v128.load64_splat(ap, 8);
    c10 = madd2(a, b0, c10);
    c11 = madd2(a, b1, c11);
    a = v128.load64_splat(ap, 16);
    c20 = madd2(a, b0, c20);
    c21 = madd2(a, b1, c21);
    a = v128.load64_splat(ap, 24);
    c30 = madd2(a, b0, c30);
    c31 = madd2(a, b1, c31);
    if (ap + 32 == end) break;
    b0 = v128.load(bp, 32);
    b1 = v128.load(bp, 48);
    a = v128.load64_splat(ap, 32);
    c00 = madd2(a, b0, c00);
    c01 = madd2(a, b1, c01);
    a = v128.load64_splat(ap, 40);
    c10 = madd2(a, b0, c10);
    c11 = madd2(a, b1, c11);
    a = v128.load64_splat(ap, 48);
    c20 = madd2(a, b0, c20);
    c21 = madd2(a, b1, c21);
    a = v128.load64_splat(ap, 56);
    c30 = madd2(a, b0, c30);
    c31 = madd2(a, b1, c31);
    ap += 64;
    bp += 64;
    if (ap == end) break;
  }
  const ldcb = <usize>ldc << 3;
  if (rows == 4 && cols == 4) {
    const plain = plainStore64();
    storeRow(c, c00, c01, plain, col0);
    storeRow(c + ldcb, c10, c11, plain, col0);
    storeRow(c + 2 * ldcb, c20, c21, plain, col0);
    storeRow(c + 3 * ldcb, c30, c31, plain, col0);
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
  for (let r = 0; r < rows; r++) epilogueRow64(tile + <usize>r * 32, c + <usize>r * ldcb, cols, col0);
}

/** As micro4x4_64 for a 6x4 tile (ap holds 6 doubles per step; rows <= 6). */
export function micro6x4_64(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  let c00 = f64x2.splat(0.0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const end = ap + <usize>kc * 48;
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load64_splat(ap);
    c00 = madd2(a, b0, c00);
    c01 = madd2(a, b1, c01);
    a = v128.load64_splat(ap, 8);
    c10 = madd2(a, b0, c10);
    c11 = madd2(a, b1, c11);
    a = v128.load64_splat(ap, 16);
    c20 = madd2(a, b0, c20);
    c21 = madd2(a, b1, c21);
    a = v128.load64_splat(ap, 24);
    c30 = madd2(a, b0, c30);
    c31 = madd2(a, b1, c31);
    a = v128.load64_splat(ap, 32);
    c40 = madd2(a, b0, c40);
    c41 = madd2(a, b1, c41);
    a = v128.load64_splat(ap, 40);
    c50 = madd2(a, b0, c50);
    c51 = madd2(a, b1, c51);
    ap += 48;
    bp += 32;
  }
  const ldcb = <usize>ldc << 3;
  if (rows == 6 && cols == 4) {
    const plain = plainStore64();
    storeRow(c, c00, c01, plain, col0);
    storeRow(c + ldcb, c10, c11, plain, col0);
    storeRow(c + 2 * ldcb, c20, c21, plain, col0);
    storeRow(c + 3 * ldcb, c30, c31, plain, col0);
    storeRow(c + 4 * ldcb, c40, c41, plain, col0);
    storeRow(c + 5 * ldcb, c50, c51, plain, col0);
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
  for (let r = 0; r < rows; r++) epilogueRow64(tile + <usize>r * 32, c + <usize>r * ldcb, cols, col0);
}
