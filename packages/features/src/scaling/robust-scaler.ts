// Scaling robust to outliers, as scikit-learn's RobustScaler: (x - median) / (q_hi - q_lo) where
// the quantiles are np.percentile's linear interpolation at quantileRange (25, 75 by default);
// an interquantile range below 10 eps counts as 1. With unitVariance the range is divided by
// Phi^-1(hi / 100) - Phi^-1(lo / 100), so normally distributed data get unit variance.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { columnValues, medianSorted, percentileSorted } from '../base/quantile.ts';
import { checkBoolean, checkColumns, checkFinite, checkFitTable } from '../base/validate.ts';
import { normalQuantile } from './normal-quantile.ts';
import { handleZerosInScale, multiplyAndShift, shiftAndDivide } from './scale-utils.ts';

export interface RobustScalerParams extends Record<string, unknown> {
  withCentering: boolean;
  withScaling: boolean;
  /** Percentiles [lo, hi] with 0 <= lo < hi <= 100 (default [25, 75], the interquartile range). */
  quantileRange: readonly [number, number];
  /** Scale so that normal data have variance 1 (needs 0 < lo and hi < 100). */
  unitVariance: boolean;
}

interface RobustState {
  center: Float64Array;
  scale: Float64Array;
}

export class RobustScaler extends BaseTransformer<RobustScalerParams, RobustState> {
  constructor(params?: Partial<RobustScalerParams>) {
    super({ withCentering: true, withScaling: true, quantileRange: [25, 75], unitVariance: false }, params);
  }

  protected get typeName(): string {
    return 'RobustScaler';
  }

  protected override validateParams(p: RobustScalerParams): void {
    checkBoolean(p.withCentering, 'RobustScaler: withCentering');
    checkBoolean(p.withScaling, 'RobustScaler: withScaling');
    const r = p.quantileRange as unknown;
    if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(`RobustScaler: quantileRange must be [lo, hi], got ${JSON.stringify(r)}`);
    checkFinite(r[0], 'RobustScaler: quantileRange[0]', 0, 100);
    checkFinite(r[1], 'RobustScaler: quantileRange[1]', 0, 100);
    if (!(r[0] < r[1])) throw new ArgumentError(`RobustScaler: quantileRange must have lo < hi, got [${r[0]}, ${r[1]}]`);
    checkBoolean(p.unitVariance, 'RobustScaler: unitVariance');
    if (p.unitVariance && (r[0] === 0 || r[1] === 100)) throw new ArgumentError('RobustScaler: unitVariance needs a quantileRange strictly inside (0, 100): the normal quantile of 0 or 100% is infinite');
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const fitX = toMatrix(X, 'RobustScaler.fit: X');
    checkFitTable(fitX, 'RobustScaler.fit');
    const { rows, cols, data } = fitX;
    const center = new Float64Array(cols);
    const range = new Float64Array(cols);
    const [lo, hi] = this.params.quantileRange;
    for (let j = 0; j < cols; j++) {
      const sorted = columnValues(data, rows, cols, j).sort();
      center[j] = medianSorted(sorted);
      range[j] = percentileSorted(sorted, hi) - percentileSorted(sorted, lo);
    }
    const scale = handleZerosInScale(range);
    if (this.params.unitVariance) {
      const adjust = normalQuantile(hi / 100) - normalQuantile(lo / 100);
      for (let j = 0; j < cols; j++) scale[j]! /= adjust;
    }
    this.learned = { center, scale };
    return this;
  }

  /** Per-column median and interquantile range (1 where it is ~0). */
  get center(): Float64Array {
    return this.state('center').center.slice();
  }
  get scale(): Float64Array {
    return this.state('scale').scale.slice();
  }

  transform(X: MatrixInput): Matrix {
    const s = this.state('transform');
    const m = toMatrix(X, 'RobustScaler.transform: X');
    checkColumns(m.cols, s.center.length, 'RobustScaler.transform');
    return shiftAndDivide(m, this.params.withCentering ? s.center : null, this.params.withScaling ? s.scale : null);
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  inverseTransform(X: MatrixInput): Matrix {
    const s = this.state('inverseTransform');
    const m = toMatrix(X, 'RobustScaler.inverseTransform: X');
    checkColumns(m.cols, s.center.length, 'RobustScaler.inverseTransform');
    return multiplyAndShift(m, this.params.withScaling ? s.scale : null, this.params.withCentering ? s.center : null);
  }

  protected stateToJSON(s: RobustState): unknown {
    return { center: numbersToJSON(s.center), scale: numbersToJSON(s.scale) };
  }

  static fromJSON(json: TransformerJSON | unknown): RobustScaler {
    const { params, state } = checkJSON(json, 'RobustScaler');
    const t = new RobustScaler(params as Partial<RobustScalerParams>);
    if (state) {
      const center = numbersFromJSON(state.center, 'RobustScaler.fromJSON: center');
      t.learned = { center, scale: numbersFromJSON(state.scale, 'RobustScaler.fromJSON: scale', center.length) };
    }
    return t;
  }
}
