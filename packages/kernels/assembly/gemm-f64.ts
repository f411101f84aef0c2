// GEMM in float64: C = act(alpha op(A) op(B) + beta C + bias), row-major, any leading dimensions,
// batched with element strides (0 broadcasts an operand). The blocking of gemm.ts with f64x2
// lanes: a KC64 x NC64 panel of op(B) and an MC64 x KC64 block of op(A) are packed into `work`,
// then MR64 x 4 micro-tiles (gemm-f64-micro.ts: 4x4, or 6x4 with relaxed SIMD) sweep the block.
//
// Workspace contract (`work`, 16-byte aligned, the caller allocates; kc = min(k, KC64)):
//   128 + max(roundUp2((min(m, MC64) + 12) * kc) + kc * (min(n, NC64) + 12),
//             m <= 4 ? 4 * 1024 + m * k : 0)  doubles.
// Up to 4 rows take the bandwidth-bound path of gemm-f64-small.ts (B streamed, not packed).
// C must not overlap A, B or bias.
import { epilogueRow64, setActivation64, setEpilogue64 } from './gemm-f64-epilogue';
import { MR64, NR64, micro4x4_64, micro6x4_64 } from './gemm-f64-micro';
import { packA64, packB64 } from './gemm-f64-pack';
import { SMALL_CHUNK64, SMALL_ROWS64, packRows64, smallAxpy64, smallDot64 } from './gemm-f64-small';

/** Rows of op(A) per packed block (a multiple of 4 and 6): MC64 x KC64 doubles = 192 KiB, in L2. */
const MC64: i32 = 96;
/** Depth of a packed block: a KC64 x NR64 micro-panel of B (8 KiB) stays in L1. */
const KC64: i32 = 256;
/** Columns of op(B) per packed panel (a multiple of NR64): 1 MiB, in L2. */
const NC64: i32 = 512;
const TILE_BYTES: usize = 1024;

@inline function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, col0: i32, tile: usize): void {
  if (MR64 == 6) micro6x4_64(kc, ap, bp, c, ldc, rows, cols, col0, tile);
  else micro4x4_64(kc, ap, bp, c, ldc, rows, cols, col0, tile);
}

/** reuseB: op(B) fits one packed panel and that panel is already in `work`. */
function gemmPacked64(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize, reuseB: bool): void {
  const kcMax = min(k, KC64);
  const kBlocks = (k + KC64 - 1) / KC64;
  const kcStep = (k + kBlocks - 1) / kBlocks; // equal K blocks: a thin last block costs a full C pass
  const tile = work;
  const apBase = work + TILE_BYTES;
  const bpBase = apBase + ((((<usize>(min(m, MC64) + 12) * <usize>kcMax) + 1) & ~1) << 3);
  const ldcb = <usize>ldc << 3;
  for (let jc = 0; jc < n; jc += NC64) {
    const nc = min(NC64, n - jc);
    for (let pc = 0; pc < k; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      if (!reuseB) packB64(transB, b, ldb, pc, jc, kc, nc, bpBase);
      if (pc == 0) setEpilogue64(alpha, beta, beta != 0, pc + kc == k);
      else setEpilogue64(alpha, 1, true, pc + kc == k);
      for (let ic = 0; ic < m; ic += MC64) {
        const mc = min(MC64, m - ic);
        packA64(transA, a, lda, ic, pc, mc, kc, apBase);
        for (let jr = 0; jr < nc; jr += NR64) {
          const cols = min(NR64, nc - jr);
          const bp = bpBase + ((<usize>jr * <usize>kc) << 3);
          let cp = c + <usize>ic * ldcb + (<usize>(jc + jr) << 3);
          for (let ir = 0; ir < mc; ir += MR64) {
            micro(kc, apBase + ((<usize>ir * <usize>kc) << 3), bp, cp, ldc, min(MR64, mc - ir), cols, jc + jr, tile);
            cp += <usize>MR64 * ldcb;
          }
        }
      }
    }
  }
}

/** One problem (see gemm_f64); the epilogue's activation must be set. */
export function gemmOne64(transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize, reuseB: bool): void {
  if (k == 0) {
    setEpilogue64(alpha, beta, beta != 0, true);
    for (let i = 0; i < m; i++) epilogueRow64(0, c + ((<usize>i * <usize>ldc) << 3), n, 0);
    return;
  }
  if (m <= SMALL_ROWS64) {
    const acc = work + TILE_BYTES;
    const ap = acc + (<usize>(SMALL_ROWS64 * SMALL_CHUNK64) << 3);
    packRows64(transA, a, lda, m, k, ap);
    setEpilogue64(alpha, beta, beta != 0, true);
    if (transB) smallDot64(m, n, k, ap, b, ldb, c, ldc);
    else smallAxpy64(m, n, k, ap, b, ldb, c, ldc, acc);
    return;
  }
  gemmPacked64(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, reuseB);
}

/**
 * gemm_f32's contract in float64: for each of `batch` problems t, C_t[m, n] = act(alpha op(A_t)
 * op(B_t) + beta C_t + bias) with X_t = X + t * strideX elements (0 broadcasts). transA: A stored
 * [k, m]; transB: B stored [n, k]. beta = 0 ignores C's old contents (NaN included). bias: n
 * doubles (0 = none); act: unary op code (relu, leakyRelu, sigmoid, tanh, gelu; any code of
 * unary_f64 works) or -1; slope: leaky relu's. work: see the workspace contract above.
 * m, n >= 1; k >= 0.
 */
export function gemm_f64(batch: i32, transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, strideA: i32, b: usize, ldb: i32, strideB: i32, beta: f64,
  c: usize, ldc: i32, strideC: i32, bias: usize, act: i32, slope: f64, work: usize): void {
  setActivation64(bias, act, slope);
  const shareB = strideB == 0 && k <= KC64 && n <= NC64 && m > SMALL_ROWS64;
  for (let t = 0; t < batch; t++) {
    gemmOne64(transA != 0, transB != 0, m, n, k, alpha,
      a + ((<usize>t * <usize>strideA) << 3), lda,
      b + ((<usize>t * <usize>strideB) << 3), ldb, beta,
      c + ((<usize>t * <usize>strideC) << 3), ldc, work, shareB && t > 0);
  }
}
