// Lloyd's assignment screened in exact integer arithmetic, for data held as integers over one scale
// (pixels, MNIST's steps of 0.001: neighbors/integer-scale.ts finds it). The labels are Lloyd's
// float64 labels exactly; only the cost changes.
// - X = M / s_x with integers |M| <= 32767 (kept in an int32 tensor for the whole fit). Each step the
//   centres C are rounded to integers Ĉ = round(C s_c), with s_c as large as the int16 lanes allow
//   (d max|M| max|Ĉ| < 2^31), and the exact products M Ĉᵀ come from tensor's int32 rowDots (int16
//   lanes, 8 multiply-adds per instruction against 2 for float64).
// - Screened distance: D~_ij = |x_i|² - 2 (M Ĉᵀ)_ij / (s_x s_c) + |c_j|². Against Lloyd's float64
//   distance D_ij = |x_i|² - 2 x_i·c_j + |c_j|²: |x_i·c_j - x_i·ĉ_j| <= |x_i|_1 δ_j with ĉ_j = Ĉ_j / s_c
//   and δ_j = max_f |c_jf - ĉ_jf|, and both D~ and Lloyd's float64 D are within a few units in the
//   last place of |x_i|² + |c_j|² of the exact value (|x_f c_f| <= (x_f² + c_f²) / 2, so a float64 dot
//   product over d <= 2^20 terms errs by less than 2^-32 (|x_i|² + |c_j|²)). So
//   |D~_ij - D_ij| <= m_ij = 2 |x_i|_1 δ_j (1 + 2^-30) + 2^-30 (|x_i|² + |c_j|²).
// - Row i is decided when its screened best b beats the runner-up by the row's largest margin m_i =
//   max_j m_ij (D~_ib + m_i < D~_ij - m_i for every j != b) and D~_ij - m_i > 0 (Lloyd's clamp at 0
//   cannot tie them): then Lloyd's D_ib < D_ij for every j and its label is b. Other rows (near ties, exact ties) take
//   Lloyd's float64 distances for those rows alone (resident-distances.ts rowsDistances: the same
//   values as the full product, bit for bit).
import { type Int16Rows, rowDots, scope, tensor, withInt16Rows, type Matrix, type Tensor } from '@neurite/tensor';
import { rowSquaredNorms, type ResidentMatrix } from '../base/float64-gemm.ts';
import { scaledColumns } from '../neighbors/integer-scale.ts';
import { assign, closest, type AssignStep } from './kmeans-lloyd.ts';
import { rowsDistances } from './resident-distances.ts';

const INT16_MAX = 32767;
const SLACK = 2 ** -30;

/**
 * X as integers over one scale, resident in wasm memory for a fit (dispose() when done); inside
 * hold(fn) also as int16 rows, which every products() call of fn then reads (half the bytes of the
 * int32 rows, nothing narrowed per call).
 */
export class IntegerRows {
  private held: Int16Rows | undefined;

  private constructor(
    private readonly t: Tensor,
    /** X = M / scale. */
    readonly scale: number,
    /** max |M|. */
    readonly top: number,
    /** Σ_f |x_if| per row, in X's units. */
    readonly l1: Float64Array,
  ) {}

  /** X's integer form, or null when X is not integers over one scale (or is empty). */
  static of(x: Matrix): IntegerRows | null {
    if (x.rows === 0 || x.cols === 0) return null;
    const all = Int32Array.from({ length: x.cols }, (_, f) => f);
    const scaled = scaledColumns(x.data, x.rows, x.cols, all);
    if (scaled === null) return null;
    const d = x.cols, l1 = new Float64Array(x.rows), v = scaled.values;
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (let f = 0; f < d; f++) s += Math.abs(v[i * d + f]!);
      l1[i] = s / scaled.scale;
    }
    return new IntegerRows(tensor(v, [x.rows, d], { dtype: 'int32' }), scaled.scale, scaled.top, l1);
  }

  /** fn() with X held as int16 rows (freed when fn returns or throws). */
  hold<T>(fn: () => T): T {
    return withInt16Rows(this.t, (rows) => {
      this.held = rows;
      try {
        return fn();
      } finally {
        this.held = undefined;
      }
    });
  }

  /** Exact M Ĉᵀ [rows, k] for the integer centres Ĉ [k, d]. */
  products(centres: Int32Array, k: number, d: number): Int32Array {
    return scope(() => {
      const c = tensor(centres, [k, d], { dtype: 'int32' });
      return (this.held === undefined ? rowDots(this.t, c) : this.held.rowDots(c)).toArray() as Int32Array;
    });
  }

  dispose(): void {
    this.t.dispose();
  }
}

/** Ĉ = round(C s_c) with the largest s_c the int16 lanes allow, and δ_j = max_f |c_jf - Ĉ_jf / s_c| (rounded up). */
function roundCentres(centres: Matrix, rows: IntegerRows): { values: Int32Array; scale: number; delta: Float64Array } {
  const k = centres.rows, d = centres.cols, c = centres.data;
  let top = 0;
  for (let i = 0; i < c.length; i++) top = Math.max(top, Math.abs(c[i]!));
  const room = rows.top === 0 ? INT16_MAX : Math.min(INT16_MAX, Math.floor((2 ** 31 - 1) / (d * rows.top)));
  const scale = top === 0 ? 1 : room / top;
  const values = new Int32Array(k * d), delta = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let worst = 0;
    for (let f = 0; f < d; f++) {
      const q = Math.min(room, Math.max(-room, Math.round(c[j * d + f]! * scale)));
      values[j * d + f] = q;
      worst = Math.max(worst, Math.abs(c[j * d + f]! - q / scale));
    }
    delta[j] = worst * (1 + SLACK) + top * 2 ** -50;
  }
  return { values, scale, delta };
}

/**
 * Lloyd's assignment (the labels of lloydStep exactly) screened by exact integer products; `norms`
 * are X's squared row norms as Lloyd's uses them.
 */
export function screenedLloydStep(x: Matrix, norms: Float64Array, resident: ResidentMatrix, rows: IntegerRows): AssignStep {
  const n = x.rows, d = x.cols;
  return (centres) => {
    const k = centres.rows;
    const rounded = roundCentres(centres, rows);
    const products = rows.products(rounded.values, k, d);
    const cn = rowSquaredNorms(centres);
    let deltaTop = 0, cnTop = 0;
    for (let j = 0; j < k; j++) {
      deltaTop = Math.max(deltaTop, rounded.delta[j]!);
      cnTop = Math.max(cnTop, cn[j]!);
    }
    const factor = 2 / (rows.scale * rounded.scale), l1 = rows.l1;
    const labels = new Int32Array(n), unsure: number[] = [];
    for (let i = 0, at = 0; i < n; i++, at += k) {
      const ni = norms[i]!;
      // The screened best and runner-up (a tie goes to the runner-up, so it is never decided here).
      let best = Infinity, second = Infinity, b = 0;
      for (let j = 0; j < k; j++) {
        const v = ni - factor * products[at + j]! + cn[j]!;
        if (v < best) {
          second = best;
          best = v;
          b = j;
        } else if (v < second) second = v;
      }
      // One margin for the row's k centres: the largest of theirs.
      const margin = 2 * l1[i]! * (1 + SLACK) * deltaTop + SLACK * (ni + cnTop);
      if (second - margin > best + margin && second - margin > 0) labels[i] = b;
      else unsure.push(i);
    }
    if (unsure.length > 0) {
      const ids = Int32Array.from(unsure);
      const dist = rowsDistances(resident, ids, centres, norms);
      for (let r = 0; r < ids.length; r++) labels[ids[r]!] = closest(dist, r, k);
    }
    return { labels, distances: () => assign(x, centres, norms, resident).distances };
  };
}
