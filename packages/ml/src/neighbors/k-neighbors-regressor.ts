// k-nearest-neighbour regression, scikit-learn's KNeighborsRegressor: each prediction is the mean
// of the targets of the k nearest training rows, weighted uniformly or by 1 / distance.
import { type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { checkJSON, readNumbers } from '../base/hyperparameter-checks.ts';
import { toTargets } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { r2 } from '../linear/preprocess.ts';
import { NEIGHBORS_DEFAULTS, NeighborsBase, type NeighborsParams } from './neighbors-base.ts';

export type KNeighborsRegressorParams = NeighborsParams;

export class KNeighborsRegressor extends NeighborsBase<KNeighborsRegressorParams> {
  private targets?: Float64Array;

  constructor(params?: Partial<KNeighborsRegressorParams>) {
    super({ ...NEIGHBORS_DEFAULTS }, params);
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'X');
    const t = toTargets(y, x.rows);
    this.fitRows(x, options);
    this.targets = t;
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    const { distances, indices } = this.kneighbors(X);
    const weights = this.neighborWeights(distances), y = this.targets!;
    const n = distances.rows, m = distances.cols, out = new Float64Array(n);
    for (let q = 0; q < n; q++) {
      let s = 0, w = 0;
      for (let j = 0; j < m; j++) {
        s += weights[q * m + j]! * y[indices.data[q * m + j]!]!;
        w += weights[q * m + j]!;
      }
      out[q] = s / w;
    }
    return out;
  }

  /** R^2 of predict(X) against y. */
  score(X: MatrixInput, y: Labels): number {
    const p = this.predict(X);
    return r2(toTargets(y, p.length), p);
  }

  toJSON(): EstimatorJSON {
    const rows = this.serializeRows();
    return { type: 'KNeighborsRegressor', params: this.getParams(), state: rows && { ...rows, y: [...this.targets!] } };
  }

  static fromJSON(json: unknown): KNeighborsRegressor {
    const { params, state } = checkJSON('KNeighborsRegressor', json);
    const model = new KNeighborsRegressor(params as Partial<KNeighborsRegressorParams>);
    if (state === null) return model;
    const x = model.restoreRows(state);
    model.targets = readNumbers('KNeighborsRegressor', 'y', state.y, x.rows);
    return model;
  }
}
