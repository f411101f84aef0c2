// Splits one gemm_f32 or gemm_f64 call into independent calls over disjoint parts of C: whole problems of a
// batch, column panels (multiples of the micro-tile's 8 columns) or row blocks (multiples of 12,
// a whole number of 4- and 6-row micro-tiles of either dtype). Each part is a complete argument list
// (without the workspace), so a part computes exactly what the single call computes for its block.

/** gemm_f32's (and gemm_f64's) arguments without `work`, in ABI order. */
export type GemmCall = [
  batch: number, transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, strideA: number, b: number, ldb: number, strideB: number, beta: number,
  c: number, ldc: number, strideC: number, bias: number, act: number, slope: number,
];

const COLUMN_UNIT = 8;
const ROW_UNIT = 12;
/** gemm_f64's few-rows path (assembly/gemm-f64-small.ts SMALL_ROWS64). */
const SMALL_ROWS_F64 = 4;

/** `units` units shared by `parts` parts as evenly as possible: [first unit, unit count] pairs. */
function shares(units: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const count = Math.floor(units / parts) + (p < units % parts ? 1 : 0);
    out.push([start, count]);
    start += count;
  }
  return out;
}

/**
 * The parts of `call` for `threads` threads, or undefined when it should stay one call: fewer
 * than `minWork` multiply-adds (batch * m * n * k), or nothing to split. Sizes must be checked.
 * `bytes` is the element size (4: gemm_f32, 8: gemm_f64).
 */
export function planGemm(call: GemmCall, threads: number, minWork: number, bytes: 4 | 8 = 4): GemmCall[] | undefined {
  const [batch, transA, transB, m, n, k, , a, lda, strideA, b, ldb, strideB, , c, ldc, strideC, bias] = call;
  if (threads < 2 || batch * m * n * k < minWork) return undefined;
  if (batch >= threads && (batch >= 2 * threads || batch % threads === 0)) {
    return shares(batch, threads).map(([t0, count]) => {
      const part: GemmCall = [...call];
      part[0] = count;
      part[7] = a + t0 * strideA * bytes;
      part[10] = b + t0 * strideB * bytes;
      part[14] = c + t0 * strideC * bytes;
      return part;
    });
  }
  if (n >= m) {
    const units = Math.ceil(n / COLUMN_UNIT);
    const parts = Math.min(threads, units);
    if (parts < 2) return undefined;
    return shares(units, parts).map(([u0, count]) => {
      const j0 = u0 * COLUMN_UNIT;
      const part: GemmCall = [...call];
      part[4] = Math.min(n, (u0 + count) * COLUMN_UNIT) - j0;
      part[10] = b + (transB ? j0 * ldb : j0) * bytes;
      part[14] = c + j0 * bytes;
      if (bias !== 0) part[17] = bias + j0 * bytes;
      return part;
    });
  }
  // gemm_f64 takes another path for at most 4 rows: a last block that short joins the one before
  // it, so every part runs the path (and gives the bits) of the single call.
  const tail = m % ROW_UNIT;
  const units = bytes === 8 && m > ROW_UNIT && tail > 0 && tail <= SMALL_ROWS_F64 ? Math.floor(m / ROW_UNIT) : Math.ceil(m / ROW_UNIT);
  const parts = Math.min(threads, units);
  if (parts < 2) return undefined;
  return shares(units, parts).map(([u0, count]) => {
    const i0 = u0 * ROW_UNIT;
    const part: GemmCall = [...call];
    part[3] = (u0 + count === units ? m : (u0 + count) * ROW_UNIT) - i0;
    part[7] = a + (transA ? i0 : i0 * lda) * bytes;
    part[14] = c + i0 * ldc * bytes;
    return part;
  });
}
