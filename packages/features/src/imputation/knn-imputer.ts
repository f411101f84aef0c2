// k-nearest-neighbour imputation, as scikit-learn's KNNImputer. Distances are nan_euclidean
// (Dixon 1979): over the coordinates present in both rows,
//   d(x, y) = sqrt(n / p * sum over present (x_j - y_j)^2),  n = all columns, p = present in both,
// NaN when p = 0. For a missing x_j the donors are the fit rows with column j present; the k
// nearest (k = min(nNeighbors, donors)) give the mean of their values, weighted uniformly or by
// 1/d ('distance'; a donor at distance 0 takes all the weight). A receiver with no finite distance
// to any donor gets the column's mean. Columns empty in fit are dropped (or kept as zeros with
// keepEmptyFeatures). The fit rows are stored: memory is O(fit rows x columns).
import { ArgumentError, type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkColumns, checkFitTable, checkInteger, checkOneOf } from '../base/validate.ts';
import { isMissing, toMatrixWithMissing } from './missing.ts';

export interface KNNImputerParams extends Record<string, unknown> {
  nNeighbors: number;
  weights: 'uniform' | 'distance';
  missingValue: number;
  keepEmptyFeatures: boolean;
}

interface KNNState {
  fit: Matrix;
  /** Column means over present values (NaN for an empty column). */
  means: Float64Array;
}

/** nan_euclidean distance between row a of A and row b of B (same column count). */
export function nanEuclidean(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, cols: number, missingValue = NaN): number {
  let sum = 0, present = 0;
  for (let j = 0; j < cols; j++) {
    const x = a[aOffset + j]!, y = b[bOffset + j]!;
    if (isMissing(x, missingValue) || isMissing(y, missingValue)) continue;
    const d = x - y;
    sum += d * d;
    present++;
  }
  return present === 0 ? NaN : Math.sqrt((sum / present) * cols);
}

/** Orders rows by distance (NaN last), then by row. */
function before(distances: Float64Array, a: number, b: number): boolean {
  const da = distances[a]!, db = distances[b]!;
  if (Number.isNaN(da) || Number.isNaN(db)) return Number.isNaN(db) && (!Number.isNaN(da) || a < b);
  return da < db || (da === db && a < b);
}

/** The k first of rows[0..n) in the order of `before`, ascending. */
function selectNearest(rows: Int32Array, n: number, distances: Float64Array, k: number): Int32Array {
  const best = new Int32Array(k);
  let size = 0;
  for (let t = 0; t < n; t++) {
    const r = rows[t]!;
    if (size === k && !before(distances, r, best[k - 1]!)) continue;
    let p = size < k ? size++ : k - 1;
    while (p > 0 && before(distances, r, best[p - 1]!)) {
      best[p] = best[p - 1]!;
      p--;
    }
    best[p] = r;
  }
  return best;
}

export class KNNImputer extends BaseTransformer<KNNImputerParams, KNNState> {
  constructor(params?: Partial<KNNImputerParams>) {
    super({ nNeighbors: 5, weights: 'uniform', missingValue: NaN, keepEmptyFeatures: false }, params);
  }

  protected get typeName(): string {
    return 'KNNImputer';
  }

  protected override validateParams(p: KNNImputerParams): void {
    checkInteger(p.nNeighbors, 'KNNImputer: nNeighbors', 1);
    checkOneOf(p.weights, ['uniform', 'distance'] as const, 'KNNImputer: weights');
    if (typeof p.missingValue !== 'number' || p.missingValue === Infinity || p.missingValue === -Infinity) throw new ArgumentError(`KNNImputer: missingValue must be NaN or a finite number, got ${p.missingValue}`);
    checkBoolean(p.keepEmptyFeatures, 'KNNImputer: keepEmptyFeatures');
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const m = toMatrixWithMissing(X, 'KNNImputer.fit: X');
    checkFitTable(m, 'KNNImputer.fit');
    const means = new Float64Array(m.cols);
    for (let j = 0; j < m.cols; j++) {
      let sum = 0, n = 0;
      for (let i = 0; i < m.rows; i++) {
        const v = m.data[i * m.cols + j]!;
        if (!isMissing(v, this.params.missingValue)) {
          sum += v;
          n++;
        }
      }
      means[j] = n === 0 ? NaN : sum / n;
    }
    this.learned = { fit: m, means };
    return this;
  }

  transform(X: MatrixInput): Matrix {
    const { fit, means } = this.state('transform');
    const m = toMatrixWithMissing(X, 'KNNImputer.transform: X');
    checkColumns(m.cols, fit.cols, 'KNNImputer.transform');
    const { missingValue, weights } = this.params;
    const cols = m.cols;
    const out = Float64Array.from(m.data);
    const distances = new Float64Array(fit.rows);
    const order = new Int32Array(fit.rows);
    for (let i = 0; i < m.rows; i++) {
      let needs = false;
      for (let j = 0; j < cols; j++) if (!Number.isNaN(means[j]!) && isMissing(m.data[i * cols + j]!, missingValue)) needs = true;
      if (!needs) continue;
      // distances from the original row (imputed values never feed later distances)
      for (let r = 0; r < fit.rows; r++) distances[r] = nanEuclidean(m.data, i * cols, fit.data, r * cols, cols, missingValue);
      for (let j = 0; j < cols; j++) {
        if (Number.isNaN(means[j]!) || !isMissing(m.data[i * cols + j]!, missingValue)) continue;
        // donors: fit rows with column j present, nearest first (NaN distances last, ties by row)
        let n = 0, finite = 0;
        for (let r = 0; r < fit.rows; r++) {
          if (isMissing(fit.data[r * cols + j]!, missingValue)) continue;
          order[n++] = r;
          if (!Number.isNaN(distances[r]!)) finite++;
        }
        if (finite === 0) {
          out[i * cols + j] = means[j]!;
          continue;
        }
        // the k nearest donors by (distance, row), kept sorted in a small array: O(donors x k)
        const k = Math.min(this.params.nNeighbors, n);
        const nearest = selectNearest(order, n, distances, k);
        let zero = false;
        if (weights === 'distance') for (let t = 0; t < k; t++) if (distances[nearest[t]!] === 0) zero = true;
        let num = 0, den = 0;
        for (let t = 0; t < k; t++) {
          const r = nearest[t]!, d = distances[r]!;
          let w: number;
          if (Number.isNaN(d)) w = 0;
          else if (weights === 'uniform') w = 1;
          else w = zero ? (d === 0 ? 1 : 0) : 1 / d;
          num += w * fit.data[r * cols + j]!;
          den += w;
        }
        out[i * cols + j] = num / den;
      }
    }
    return this.dropEmpty({ rows: m.rows, cols, data: out }, means);
  }

  private dropEmpty(m: Matrix, means: Float64Array): Matrix {
    const keep: number[] = [];
    for (let j = 0; j < m.cols; j++) if (!Number.isNaN(means[j]!)) keep.push(j);
    if (this.params.keepEmptyFeatures) {
      for (let j = 0; j < m.cols; j++) if (Number.isNaN(means[j]!)) for (let i = 0; i < m.rows; i++) m.data[i * m.cols + j] = 0;
      return m;
    }
    if (keep.length === m.cols) return m;
    const out = new Float64Array(m.rows * keep.length);
    for (let i = 0; i < m.rows; i++) keep.forEach((j, c) => (out[i * keep.length + c] = m.data[i * m.cols + j]!));
    return { rows: m.rows, cols: keep.length, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  protected stateToJSON(s: KNNState): unknown {
    return { rows: s.fit.rows, cols: s.fit.cols, data: numbersToJSON(s.fit.data), means: numbersToJSON(s.means) };
  }

  override toJSON(): TransformerJSON {
    const json = super.toJSON();
    if (Number.isNaN(this.params.missingValue)) json.params.missingValue = 'NaN';
    return json;
  }

  static fromJSON(json: TransformerJSON | unknown): KNNImputer {
    const { params, state } = checkJSON(json, 'KNNImputer');
    const p = { ...params };
    if (p.missingValue === 'NaN') p.missingValue = NaN;
    const t = new KNNImputer(p as Partial<KNNImputerParams>);
    if (state) {
      const rows = checkInteger(state.rows, 'KNNImputer.fromJSON: rows'), cols = checkInteger(state.cols, 'KNNImputer.fromJSON: cols');
      const data = numbersFromJSON(state.data, 'KNNImputer.fromJSON: data', rows * cols);
      t.learned = { fit: { rows, cols, data }, means: numbersFromJSON(state.means, 'KNNImputer.fromJSON: means', cols) };
    }
    return t;
  }
}
