// k-nearest-neighbour classification, scikit-learn's KNeighborsClassifier: each query's class is
// the one with the largest total weight among its k nearest training rows (uniform or 1 / distance;
// ties to the first class in `classes`); predictProba is those weights normalised per query.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { checkJSON, readClasses } from '../base/hyperparameter-checks.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { NEIGHBORS_DEFAULTS, NeighborsBase, type NeighborsParams } from './neighbors-base.ts';

export type KNeighborsClassifierParams = NeighborsParams;

export class KNeighborsClassifier extends NeighborsBase<KNeighborsClassifierParams> {
  private classesValue?: number[] | string[];
  private targets?: Int32Array;

  constructor(params?: Partial<KNeighborsClassifierParams>) {
    super({ ...NEIGHBORS_DEFAULTS }, params);
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classesValue, 'classes');
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const x = toMatrix(X, 'X');
    const { classes, indices } = encodeLabels(y, x.rows);
    this.fitRows(x, options);
    this.classesValue = classes;
    this.targets = indices;
    return this;
  }

  /** Total neighbour weight per class, queries x classes (unnormalised). */
  private votes(X: MatrixInput): Matrix {
    const { distances, indices } = this.kneighbors(X);
    const weights = this.neighborWeights(distances);
    const k = this.classes.length, n = distances.rows, m = distances.cols, out = new Float64Array(n * k), y = this.targets!;
    for (let q = 0; q < n; q++) for (let j = 0; j < m; j++) out[q * k + y[indices.data[q * m + j]!]!]! += weights[q * m + j]!;
    return { rows: n, cols: k, data: out };
  }

  /** Class probabilities, queries x classes (columns in the order of `classes`). */
  predictProba(X: MatrixInput): Matrix {
    const v = this.votes(X);
    for (let q = 0; q < v.rows; q++) {
      let s = 0;
      for (let c = 0; c < v.cols; c++) s += v.data[q * v.cols + c]!;
      if (s === 0) s = 1;
      for (let c = 0; c < v.cols; c++) v.data[q * v.cols + c]! /= s;
    }
    return v;
  }

  predict(X: MatrixInput): number[] | string[] {
    const v = this.votes(X), picks = new Int32Array(v.rows);
    for (let q = 0; q < v.rows; q++) {
      let best = 0;
      for (let c = 1; c < v.cols; c++) if (v.data[q * v.cols + c]! > v.data[q * v.cols + best]!) best = c;
      picks[q] = best;
    }
    return decodeLabels(this.classes, picks);
  }

  /** Mean accuracy. */
  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    if (y.length !== predicted.length) throw new ArgumentError(`KNeighborsClassifier.score: ${y.length} labels for ${predicted.length} samples`);
    let hits = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) hits++;
    return hits / predicted.length;
  }

  toJSON(): EstimatorJSON {
    const rows = this.serializeRows();
    return { type: 'KNeighborsClassifier', params: this.getParams(), state: rows && { ...rows, classes: this.classesValue, y: [...this.targets!] } };
  }

  static fromJSON(json: unknown): KNeighborsClassifier {
    const { params, state } = checkJSON('KNeighborsClassifier', json);
    const model = new KNeighborsClassifier(params as Partial<KNeighborsClassifierParams>);
    if (state === null) return model;
    const classes = readClasses('KNeighborsClassifier', state.classes);
    const x = model.restoreRows(state);
    const y = state.y;
    if (!Array.isArray(y) || y.length !== x.rows || y.some((v) => !Number.isInteger(v) || v < 0 || v >= classes.length)) {
      throw new ArgumentError(`KNeighborsClassifier.fromJSON: state.y must hold ${x.rows} class indices below ${classes.length}`);
    }
    model.classesValue = classes;
    model.targets = Int32Array.from(y as number[]);
    return model;
  }
}
