// Features that are zero in every training row (MNIST's blank border) add nothing to the logistic
// loss, so their gradient is the penalty's alone and, from a zero start, their coefficients stay 0
// at every iterate of the solvers: the smooth solvers run on the other columns and the solution is
// widened back with zeros. The iterates are the full problem's in exact arithmetic.
import type { Matrix } from '@neurite/tensor';

export interface ColumnReduction {
  /** The training rows on the kept columns. */
  x: Matrix;
  /** The starting parameters in the reduced layout (rows x (kept + intercept)). */
  params: Float64Array;
  /** A reduced solution in the full layout, zeros on the dropped columns. */
  widen(solution: Float64Array): Float64Array;
}

/**
 * The reduction of x and the starting parameters (`rows` blocks of d coefficients then the
 * intercept when fitIntercept) to the columns with a nonzero value; null when every column has one,
 * when none has, or when a dropped column starts from a nonzero coefficient (a warm start).
 */
export function dropBlankColumns(x: Matrix, params: Float64Array, rows: number, fitIntercept: boolean): ColumnReduction | null {
  const { rows: n, cols: d, data } = x;
  const used = new Uint8Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) if (data[i * d + j] !== 0) used[j] = 1;
  const kept: number[] = [];
  for (let j = 0; j < d; j++) if (used[j]) kept.push(j);
  if (kept.length === d || kept.length === 0) return null;
  const stride = d + (fitIntercept ? 1 : 0);
  for (let c = 0; c < rows; c++) for (let j = 0; j < d; j++) if (!used[j] && params[c * stride + j] !== 0) return null;
  const dk = kept.length, strideK = dk + (fitIntercept ? 1 : 0);
  const reduced = new Float64Array(n * dk);
  for (let i = 0; i < n; i++) for (let c = 0; c < dk; c++) reduced[i * dk + c] = data[i * d + kept[c]!]!;
  const start = new Float64Array(rows * strideK);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < dk; c++) start[r * strideK + c] = params[r * stride + kept[c]!]!;
    if (fitIntercept) start[r * strideK + dk] = params[r * stride + d]!;
  }
  return {
    x: { rows: n, cols: dk, data: reduced },
    params: start,
    widen(solution) {
      const out = new Float64Array(rows * stride);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < dk; c++) out[r * stride + kept[c]!] = solution[r * strideK + c]!;
        if (fitIntercept) out[r * stride + d] = solution[r * strideK + dk]!;
      }
      return out;
    },
  };
}
