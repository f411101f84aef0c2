// k-nearest-neighbour regression, scikit-learn's KNeighborsRegressor: each prediction is the mean
// of the targets of the k nearest training rows, weighted uniformly or by 1 / distance. A 2-D y
// (samples x outputs) averages whole target rows; predictions are then n x outputs row-major.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { checkJSON, readNumbers } from '../base/hyperparameter-checks.ts';
import type { FitOptions } from '../base/protocol.ts';
import { meanR2, readRegressionTargets, type RegressionTargets } from '../base/regression-targets.ts';
import { NEIGHBORS_DEFAULTS, NeighborsBase, type NeighborsParams } from './neighbors-base.ts';

export type KNeighborsRegressorParams = NeighborsParams;

export class KNeighborsRegressor extends NeighborsBase<KNeighborsRegressorParams> {
  /** rows x outputs, row-major. */
  private targets?: Float64Array;
  private outputs = 1;
  private multiOutput = false;

  constructor(params?: Partial<KNeighborsRegressorParams>) {
    super({ ...NEIGHBORS_DEFAULTS }, params);
  }

  fit(X: MatrixInput, y: RegressionTargets, options?: FitOptions): this {
    const x = toMatrix(X, 'X');
    const table = readRegressionTargets(y, x.rows);
    this.fitRows(x, options);
    this.targets = table.values;
    this.outputs = table.outputs;
    this.multiOutput = table.multiOutput;
    return this;
  }

  /** Number of outputs (columns of y; 1 for a 1-D y). */
  get nOutputs(): number {
    this.fitted(this.targets, 'nOutputs');
    return this.outputs;
  }

  /** The weighted mean target of the neighbours: n values, or n x outputs row-major after a 2-D y. */
  predict(X: MatrixInput): Float64Array {
    const { distances, indices } = this.kneighbors(X);
    const weights = this.neighborWeights(distances), y = this.targets!, t = this.outputs;
    const n = distances.rows, m = distances.cols, out = new Float64Array(n * t);
    for (let q = 0; q < n; q++) {
      for (let k = 0; k < t; k++) {
        let s = 0, w = 0;
        for (let j = 0; j < m; j++) {
          s += weights[q * m + j]! * y[indices.data[q * m + j]! * t + k]!;
          w += weights[q * m + j]!;
        }
        out[q * t + k] = s / w;
      }
    }
    return out;
  }

  /** Predictions as an n x outputs Matrix. */
  predictOutputs(X: MatrixInput): Matrix {
    const data = this.predict(X);
    return { rows: data.length / this.outputs, cols: this.outputs, data };
  }

  /** R^2 of predict(X) against y (mean over outputs). */
  score(X: MatrixInput, y: RegressionTargets): number {
    const p = this.predict(X);
    return meanR2(y, p, p.length / this.outputs, this.outputs);
  }

  toJSON(): EstimatorJSON {
    const rows = this.serializeRows();
    return { type: 'KNeighborsRegressor', params: this.getParams(), state: rows && { ...rows, y: [...this.targets!], ...(this.multiOutput ? { outputs: this.outputs } : {}) } };
  }

  static fromJSON(json: unknown): KNeighborsRegressor {
    const { params, state } = checkJSON('KNeighborsRegressor', json);
    const model = new KNeighborsRegressor(params as Partial<KNeighborsRegressorParams>);
    if (state === null) return model;
    const x = model.restoreRows(state);
    const outputs = state.outputs === undefined ? 1 : state.outputs;
    if (typeof outputs !== 'number' || !Number.isInteger(outputs) || outputs < 1) throw new ArgumentError('KNeighborsRegressor.fromJSON: state.outputs must be a positive integer');
    model.targets = readNumbers('KNeighborsRegressor', 'y', state.y, x.rows * outputs);
    model.outputs = outputs;
    model.multiOutput = state.outputs !== undefined;
    return model;
  }
}
