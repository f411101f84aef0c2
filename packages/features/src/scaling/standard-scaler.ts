// z-score standardisation, as scikit-learn's StandardScaler: (x - mean) / std with the population
// standard deviation (ddof 0). The variance is two-pass with Chan, Golub and LeVeque's correction
// term (sum((x - mean)^2) - (sum(x - mean))^2 / n), as scikit-learn's _incremental_mean_and_var.
// A column whose variance is below the two-pass error bound n eps var + (n mean eps)^2 is
// constant: its scale is 1 (scikit-learn's _is_constant_feature), so it is centred, not divided by ~0.
import { type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkColumns, checkFitTable } from '../base/validate.ts';
import { EPSILON, handleZerosInScale, multiplyAndShift, shiftAndDivide } from './scale-utils.ts';

export interface StandardScalerParams extends Record<string, unknown> {
  /** Subtract the mean (default true). */
  withMean: boolean;
  /** Divide by the standard deviation (default true). */
  withStd: boolean;
}

interface StandardState {
  mean: Float64Array;
  variance: Float64Array;
  scale: Float64Array;
  samples: number;
}

export class StandardScaler extends BaseTransformer<StandardScalerParams, StandardState> {
  constructor(params?: Partial<StandardScalerParams>) {
    super({ withMean: true, withStd: true }, params);
  }

  protected get typeName(): string {
    return 'StandardScaler';
  }

  protected override validateParams(p: StandardScalerParams): void {
    checkBoolean(p.withMean, 'StandardScaler: withMean');
    checkBoolean(p.withStd, 'StandardScaler: withStd');
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const fitX = toMatrix(X, 'StandardScaler.fit: X');
    checkFitTable(fitX, 'StandardScaler.fit');
    const { rows, cols, data } = fitX;
    const mean = new Float64Array(cols);
    const variance = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
    for (let j = 0; j < cols; j++) mean[j]! /= rows;
    const correction = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = data[i * cols + j]! - mean[j]!;
        correction[j]! += d;
        variance[j]! += d * d;
      }
    }
    for (let j = 0; j < cols; j++) variance[j] = (variance[j]! - (correction[j]! * correction[j]!) / rows) / rows;
    const constant = Array.from(variance, (v, j) => {
      const bound = rows * EPSILON * v + (rows * mean[j]! * EPSILON) ** 2;
      return v <= bound;
    });
    const scale = handleZerosInScale(variance.map(Math.sqrt), constant);
    this.learned = { mean, variance, scale, samples: rows };
    return this;
  }

  /** Per-column mean, population variance and scale (the standard deviation, 1 for constant columns). */
  get mean(): Float64Array {
    return this.state('mean').mean.slice();
  }
  get variance(): Float64Array {
    return this.state('variance').variance.slice();
  }
  get scale(): Float64Array {
    return this.state('scale').scale.slice();
  }

  transform(X: MatrixInput): Matrix {
    const s = this.state('transform');
    const m = toMatrix(X, 'StandardScaler.transform: X');
    checkColumns(m.cols, s.mean.length, 'StandardScaler.transform');
    return shiftAndDivide(m, this.params.withMean ? s.mean : null, this.params.withStd ? s.scale : null);
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  inverseTransform(X: MatrixInput): Matrix {
    const s = this.state('inverseTransform');
    const m = toMatrix(X, 'StandardScaler.inverseTransform: X');
    checkColumns(m.cols, s.mean.length, 'StandardScaler.inverseTransform');
    return multiplyAndShift(m, this.params.withStd ? s.scale : null, this.params.withMean ? s.mean : null);
  }

  protected stateToJSON(s: StandardState): unknown {
    return { mean: numbersToJSON(s.mean), variance: numbersToJSON(s.variance), scale: numbersToJSON(s.scale), samples: s.samples };
  }

  static fromJSON(json: TransformerJSON | unknown): StandardScaler {
    const { params, state } = checkJSON(json, 'StandardScaler');
    const t = new StandardScaler(params as Partial<StandardScalerParams>);
    if (state) {
      const w = 'StandardScaler.fromJSON';
      const mean = numbersFromJSON(state.mean, `${w}: mean`);
      t.learned = {
        mean, variance: numbersFromJSON(state.variance, `${w}: variance`, mean.length), scale: numbersFromJSON(state.scale, `${w}: scale`, mean.length),
        samples: Number(state.samples),
      };
    }
    return t;
  }
}
