// GEMM: C = act(alpha op(A) op(B) + beta C + bias), float32, row-major, any leading dimensions,
// batched with element strides (stride 0 broadcasts an operand). BLIS-style blocking: a KC x NC
// panel of op(B) and an MC x KC block of op(A) are packed into `work`, then MR x NR micro-tiles
// (gemm-micro.ts: 4x8, or 6x8 with relaxed SIMD) sweep the block. Up to 8 rows take the
// bandwidth-bound path of gemm-small.ts.
//
// Workspace contract (`work`, 16-byte aligned, the caller allocates; kc = min(k, KC)):
//   256 + max(roundUp4((min(m, MC) + 12) * kc + 4) + kc * (min(n, NC) + 12),
//             m <= 8 ? 8 * SMALL_CHUNK + m * k : 0)  floats.
// src/ops/gemm.ts computes the same figure. C must not overlap A, B or bias.
import { epilogueRow, setActivation, setEpilogue } from './gemm-epilogue';
import { MR, NR, micro4x8, micro6x8 } from './gemm-micro';
import { packA, packB } from './gemm-pack';
import { SMALL_CHUNK, packRows, smallAxpy, smallDot } from './gemm-small';

/** Rows of op(A) per packed block (a multiple of 4 and 6): MC x KC floats = 144 KiB, in L2. */
const MC: i32 = 144;
/** Depth of a packed block: a KC x NR micro-panel of B (8 KiB) stays in L1. */
const KC: i32 = 256;
/** Columns of op(B) per packed panel (a multiple of NR). */
const NC: i32 = 512;
const TILE_BYTES: usize = 1024;
/** Fewest columns of op(B) per chunk of gemmWideB. */
const WIDE_MIN_COLS: i32 = 64;

/** Most rows of C the few-rows path takes. */
const SMALL_ROWS: i32 = 8;

/**
 * Few rows: packing B would cost about as much as the products. Measured: m <= 4 always; 5-8 rows
 * once B has 64K elements (5x1024x1024: 21 GFLOP/s unpacked vs 12 packed; 8x128x128: 20 vs 24).
 */
@inline function useSmallPath(m: i32, n: i32, k: i32): bool {
  return m <= 4 || (m <= SMALL_ROWS && <i64>n * <i64>k >= 65536);
}

@inline function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  if (MR == 6) micro6x8(kc, ap, bp, c, ldc, rows, cols, col0, tile);
  else micro4x8(kc, ap, bp, c, ldc, rows, cols, col0, tile);
}

/** reuseB: op(B) fits one packed panel (k <= KC, n <= NC) and that panel is already in `work`. */
function gemmPacked(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize, reuseB: bool): void {
  const kcMax = min(k, KC);
  // Equal K blocks (784 = 4 x 196, not 3 x 256 + 16): a thin last block costs a full C pass.
  const kBlocks = (k + KC - 1) / KC;
  const kcStep = (k + kBlocks - 1) / kBlocks;
  const tile = work;
  const apBase = work + TILE_BYTES;
  const bpBase = apBase + ((((<usize>(min(m, MC) + 12) * <usize>kcMax + 4) + 3) & ~3) << 2);
  const ldcb = <usize>ldc << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      if (!reuseB) packB(transB, b, ldb, pc, jc, kc, nc, bpBase);
      if (pc == 0) setEpilogue(alpha, beta, beta != 0, pc + kc == k);
      else setEpilogue(alpha, 1, true, pc + kc == k);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(transA, a, lda, ic, pc, mc, kc, apBase);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = bpBase + ((<usize>jr * <usize>kc) << 2);
          let cp = c + <usize>ic * ldcb + (<usize>(jc + jr) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            micro(kc, apBase + ((<usize>ir * <usize>kc) << 2), bp, cp, ldc, min(MR, mc - ir), cols, jc + jr, tile);
            cp += <usize>MR * ldcb;
          }
        }
      }
    }
  }
}

/**
 * Transposed B (a weight W [n, k] read as W^T) with one row block of A and several K blocks: A is
 * packed once for all K blocks and B in narrow column chunks holding all K blocks, each panel's
 * rows of B read whole (k floats in a row) instead of one K block's kc floats at a time (short
 * runs that the hardware prefetcher hardly follows). The same K blocks and micro-tiles as
 * gemmPacked, in the same order for each element of C: the same bits. Returns false (nothing
 * done) when the workspace cannot hold a chunk of at least WIDE_MIN_COLS columns.
 */
function gemmWideB(transA: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize): bool {
  const kcMax = min(k, KC);
  const kBlocks = (k + KC - 1) / KC;
  const kcStep = (k + kBlocks - 1) / kBlocks;
  const floats = <usize>(((min(m, MC) + 12) * kcMax + 4 + 3) & ~3) + <usize>kcMax * <usize>(min(n, NC) + 12);
  const aRows = (m + MR - 1) / MR * MR;
  const aFloats = <usize>aRows * <usize>k;
  if (aFloats >= floats) return false;
  const ncw = <i32>((floats - aFloats) / <usize>k) / NR * NR;
  if (ncw < WIDE_MIN_COLS) return false;
  const tile = work;
  const apBase = work + TILE_BYTES;
  const bpBase = apBase + (aFloats << 2);
  const ldcb = <usize>ldc << 2;
  for (let pc = 0; pc < k; pc += kcStep) packA(transA, a, lda, 0, pc, m, min(kcStep, k - pc), apBase + ((<usize>aRows * <usize>pc) << 2));
  for (let jc = 0; jc < n; jc += ncw) {
    const nc = min(ncw, n - jc);
    const ncRound = <usize>((nc + NR - 1) / NR * NR);
    // Panel by panel, each panel's rows of B over all K blocks in turn.
    for (let jp = 0; jp < nc; jp += NR) {
      for (let pc = 0; pc < k; pc += kcStep) {
        const kc = min(kcStep, k - pc);
        packB(true, b, ldb, pc, jc + jp, kc, min(NR, nc - jp), bpBase + ((ncRound * <usize>pc + <usize>jp * <usize>kc) << 2));
      }
    }
    for (let pc = 0; pc < k; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      if (pc == 0) setEpilogue(alpha, beta, beta != 0, pc + kc == k);
      else setEpilogue(alpha, 1, true, pc + kc == k);
      const ap = apBase + ((<usize>aRows * <usize>pc) << 2);
      const bBlock = bpBase + ((ncRound * <usize>pc) << 2);
      for (let jr = 0; jr < nc; jr += NR) {
        const cols = min(NR, nc - jr);
        const bp = bBlock + ((<usize>jr * <usize>kc) << 2);
        let cp = c + (<usize>(jc + jr) << 2);
        for (let ir = 0; ir < m; ir += MR) {
          micro(kc, ap + ((<usize>ir * <usize>kc) << 2), bp, cp, ldc, min(MR, m - ir), cols, jc + jr, tile);
          cp += <usize>MR * ldcb;
        }
      }
    }
  }
  return true;
}

/** One problem (see gemm_f32); setActivation must have been called. */
export function gemmOne(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize, reuseB: bool): void {
  const ldcb = <usize>ldc << 2;
  if (k == 0) {
    setEpilogue(alpha, beta, beta != 0, true);
    for (let i = 0; i < m; i++) epilogueRow(0, c + <usize>i * ldcb, n, 0);
    return;
  }
  if (useSmallPath(m, n, k)) {
    const acc = work + TILE_BYTES;
    const ap = acc + (<usize>(SMALL_ROWS * SMALL_CHUNK) << 2);
    packRows(transA, a, lda, m, k, ap);
    setEpilogue(alpha, beta, beta != 0, true);
    if (transB) smallDot(m, n, k, ap, b, ldb, c, ldc);
    else smallAxpy(m, n, k, ap, b, ldb, c, ldc, acc);
    return;
  }
  if (transB && !reuseB && m <= MC && k > KC && gemmWideB(transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work)) return;
  gemmPacked(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, reuseB);
}

/**
 * For each of `batch` problems t: C_t[m, n] = act(alpha op(A_t) op(B_t) + beta C_t + bias), where
 * X_t = X + t * strideX (in elements; 0 broadcasts). op(A) is [m, k]: A stored [m, k] (row stride
 * lda >= k) or, transA != 0, [k, m] (lda >= m). op(B) is [k, n]: B [k, n] (ldb >= n) or [n, k]
 * (ldb >= k). C has row stride ldc >= n. beta = 0 ignores C's old contents (NaN included).
 * bias: n floats added per column (0 = none). act: unary op code of relu, leakyRelu, sigmoid,
 * tanh or gelu, or -1 for none; slope: leaky relu's. work: see the workspace contract above.
 * m, n >= 1; k >= 0 (k = 0 gives C = act(beta C + bias)).
 */
export function gemm_f32(batch: i32, transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, strideA: i32, b: usize, ldb: i32, strideB: i32, beta: f32,
  c: usize, ldc: i32, strideC: i32, bias: usize, act: i32, slope: f32, work: usize): void {
  setActivation(bias, act, slope);
  // A broadcast B that fits one packed panel is packed once for the whole batch.
  const shareB = strideB == 0 && k <= KC && n <= NC && !useSmallPath(m, n, k);
  for (let t = 0; t < batch; t++) {
    gemmOne(transA != 0, transB != 0, m, n, k, alpha,
      a + ((<usize>t * <usize>strideA) << 2), lda,
      b + ((<usize>t * <usize>strideB) << 2), ldb, beta,
      c + ((<usize>t * <usize>strideC) << 2), ldc, work, shareB && t > 0);
  }
}
