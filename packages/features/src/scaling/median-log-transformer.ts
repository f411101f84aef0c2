// The log transform for power-law features, x_log = log(1 + x / (1 + median(x))), with the
// per-column median learned in fit (np.median of the training column). Dividing by 1 + median
// puts the typical value near log 2 whatever the unit; the inverse is expm1(y) (1 + median).
// Inputs must satisfy 1 + x / (1 + median) > 0, and a median <= -1 is rejected in fit.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { columnValues, medianSorted } from '../base/quantile.ts';
import { checkColumns, checkFitTable } from '../base/validate.ts';

interface MedianLogState {
  median: Float64Array;
}

export class MedianLogTransformer extends BaseTransformer<Record<string, never>, MedianLogState> {
  constructor(params?: Partial<Record<string, never>>) {
    super({}, params);
  }

  protected get typeName(): string {
    return 'MedianLogTransformer';
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const fitX = toMatrix(X, 'MedianLogTransformer.fit: X');
    checkFitTable(fitX, 'MedianLogTransformer.fit');
    const { rows, cols, data } = fitX;
    const median = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      median[j] = medianSorted(columnValues(data, rows, cols, j).sort());
      if (!(median[j]! > -1)) throw new ArgumentError(`MedianLogTransformer.fit: column ${j} has median ${median[j]}, expected a median > -1 (the transform divides by 1 + median)`);
    }
    this.learned = { median };
    return this;
  }

  /** The per-column medians learned by fit. */
  get median(): Float64Array {
    return this.state('median').median.slice();
  }

  transform(X: MatrixInput): Matrix {
    const { median } = this.state('transform');
    const m = toMatrix(X, 'MedianLogTransformer.transform: X');
    checkColumns(m.cols, median.length, 'MedianLogTransformer.transform');
    const out = new Float64Array(m.data.length);
    for (let k = 0; k < out.length; k++) {
      const j = k % m.cols;
      const ratio = m.data[k]! / (1 + median[j]!);
      if (!(ratio > -1)) throw new ArgumentError(`MedianLogTransformer.transform: X row ${Math.floor(k / m.cols)}, column ${j} is ${m.data[k]}, expected a value > -(1 + median) = ${-(1 + median[j]!)}`);
      out[k] = Math.log1p(ratio);
    }
    return { rows: m.rows, cols: m.cols, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  inverseTransform(X: MatrixInput): Matrix {
    const { median } = this.state('inverseTransform');
    const m = toMatrix(X, 'MedianLogTransformer.inverseTransform: X');
    checkColumns(m.cols, median.length, 'MedianLogTransformer.inverseTransform');
    const out = new Float64Array(m.data.length);
    for (let k = 0; k < out.length; k++) out[k] = Math.expm1(m.data[k]!) * (1 + median[k % m.cols]!);
    return { rows: m.rows, cols: m.cols, data: out };
  }

  protected stateToJSON(s: MedianLogState): unknown {
    return { median: numbersToJSON(s.median) };
  }

  static fromJSON(json: TransformerJSON | unknown): MedianLogTransformer {
    const { state } = checkJSON(json, 'MedianLogTransformer');
    const t = new MedianLogTransformer();
    if (state) t.learned = { median: numbersFromJSON(state.median, 'MedianLogTransformer.fromJSON: median') };
    return t;
  }
}
