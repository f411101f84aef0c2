// Per-column imputation, as scikit-learn's SimpleImputer: the missing values of column j are
// replaced by a statistic learned from its present values in fit:
//   'mean', 'median' (np.median: the mean of the two middle values for an even count),
//   'mostFrequent' (the smallest of the most frequent values), 'constant' (fillValue).
// A column with no present value in fit is dropped from the output, unless keepEmptyFeatures
// (then it is filled with 0, or fillValue for 'constant'), as scikit-learn 1.9 does.
import { type Matrix, type MatrixInput } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { medianSorted } from '../base/quantile.ts';
import { checkBoolean, checkColumns, checkFinite, checkFitTable, checkOneOf } from '../base/validate.ts';
import { isMissing, toMatrixWithMissing } from './missing.ts';
import { ArgumentError } from '@neurite/tensor';

export interface SimpleImputerParams extends Record<string, unknown> {
  strategy: 'mean' | 'median' | 'mostFrequent' | 'constant';
  fillValue: number;
  /** The marker of a missing value: NaN (default) or a finite sentinel. */
  missingValue: number;
  keepEmptyFeatures: boolean;
}

interface SimpleState {
  /** The value imputed in each input column (NaN for an empty column that is dropped). */
  statistics: Float64Array;
}

export class SimpleImputer extends BaseTransformer<SimpleImputerParams, SimpleState> {
  constructor(params?: Partial<SimpleImputerParams>) {
    super({ strategy: 'mean', fillValue: 0, missingValue: NaN, keepEmptyFeatures: false }, params);
  }

  protected get typeName(): string {
    return 'SimpleImputer';
  }

  protected override validateParams(p: SimpleImputerParams): void {
    checkOneOf(p.strategy, ['mean', 'median', 'mostFrequent', 'constant'] as const, 'SimpleImputer: strategy');
    checkFinite(p.fillValue, 'SimpleImputer: fillValue');
    if (typeof p.missingValue !== 'number' || p.missingValue === Infinity || p.missingValue === -Infinity) throw new ArgumentError(`SimpleImputer: missingValue must be NaN or a finite number, got ${p.missingValue}`);
    checkBoolean(p.keepEmptyFeatures, 'SimpleImputer: keepEmptyFeatures');
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const fitX = toMatrixWithMissing(X, 'SimpleImputer.fit: X');
    checkFitTable(fitX, 'SimpleImputer.fit');
    const { rows, cols, data } = fitX;
    const { strategy, fillValue, missingValue, keepEmptyFeatures } = this.params;
    const statistics = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const present: number[] = [];
      for (let i = 0; i < rows; i++) {
        const v = data[i * cols + j]!;
        if (!isMissing(v, missingValue)) present.push(v);
      }
      if (present.length === 0) {
        statistics[j] = keepEmptyFeatures ? (strategy === 'constant' ? fillValue : 0) : NaN;
        continue;
      }
      if (strategy === 'constant') statistics[j] = fillValue;
      else if (strategy === 'mean') statistics[j] = present.reduce((a, b) => a + b, 0) / present.length;
      else {
        const sorted = Float64Array.from(present).sort();
        if (strategy === 'median') statistics[j] = medianSorted(sorted);
        else {
          // the first (smallest) value of the longest run of equal sorted values
          let best = sorted[0]!, bestCount = 0;
          for (let a = 0; a < sorted.length;) {
            let b = a;
            while (b < sorted.length && sorted[b] === sorted[a]) b++;
            if (b - a > bestCount) {
              best = sorted[a]!;
              bestCount = b - a;
            }
            a = b;
          }
          statistics[j] = best;
        }
      }
    }
    this.learned = { statistics };
    return this;
  }

  /** The value imputed in each input column (NaN marks a dropped empty column). */
  get statistics(): Float64Array {
    return this.state('statistics').statistics.slice();
  }

  transform(X: MatrixInput): Matrix {
    const { statistics } = this.state('transform');
    const m = toMatrixWithMissing(X, 'SimpleImputer.transform: X');
    checkColumns(m.cols, statistics.length, 'SimpleImputer.transform');
    const keep: number[] = [];
    for (let j = 0; j < m.cols; j++) if (!Number.isNaN(statistics[j]!)) keep.push(j);
    const width = keep.length;
    const out = new Float64Array(m.rows * width);
    for (let i = 0; i < m.rows; i++) {
      for (let c = 0; c < width; c++) {
        const j = keep[c]!, v = m.data[i * m.cols + j]!;
        out[i * width + c] = isMissing(v, this.params.missingValue) ? statistics[j]! : v;
      }
    }
    return { rows: m.rows, cols: width, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  protected stateToJSON(s: SimpleState): unknown {
    return { statistics: numbersToJSON(s.statistics) };
  }

  override toJSON(): TransformerJSON {
    const json = super.toJSON();
    if (Number.isNaN(this.params.missingValue)) json.params.missingValue = 'NaN';
    return json;
  }

  static fromJSON(json: TransformerJSON | unknown): SimpleImputer {
    const { params, state } = checkJSON(json, 'SimpleImputer');
    const p = { ...params };
    if (p.missingValue === 'NaN') p.missingValue = NaN;
    const t = new SimpleImputer(p as Partial<SimpleImputerParams>);
    if (state) t.learned = { statistics: numbersFromJSON(state.statistics, 'SimpleImputer.fromJSON: statistics') };
    return t;
  }
}
