// The part every least-squares-family regressor shares: learned coef and intercept for one output or
// several (scikit-learn fits a 2-D y natively: one independent problem per output column), predict,
// score (R^2, averaged over outputs) and the JSON state { coef, intercept, nOutputs, extra }.
import { type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import { checkFeatureCount, readNumbers } from '../base/hyperparameter-checks.ts';
import type { Params } from '../base/protocol.ts';
import { meanR2, outputColumn, readRegressionTargets, type RegressionTargets } from '../base/regression-targets.ts';
import { optionalSampleWeights, type WeightedFitOptions } from '../base/sample-weight.ts';
import { centerData, type CenteredData, interceptOf, linearPredict } from './preprocess.ts';

export abstract class LinearRegressorBase<P extends Params> extends BaseEstimator<P> {
  /** The class's name for toJSON and messages, spelled out: minifiers rename classes. */
  protected abstract get typeName(): string;
  /** outputs x features, row-major. */
  protected coefValue?: Float64Array;
  protected interceptsValue?: Float64Array;
  /** Whether fit saw a 2-D y. */
  protected multiOutput = false;

  /** The weights: one per feature, or outputs x features row-major (scikit-learn's coef_.ravel()) after a 2-D y. */
  get coef(): Float64Array {
    return this.fitted(this.coefValue, 'coef');
  }

  /** The constant term (0 when fitIntercept is false); after a 2-D y read `intercepts`. */
  get intercept(): number {
    const intercepts = this.fitted(this.interceptsValue, 'intercept');
    if (this.multiOutput) throw new ShapeError(`${this.typeName}.intercept: fitted on ${intercepts.length} outputs; read intercepts (one per output) instead`);
    return intercepts[0]!;
  }

  /** The weights as an outputs x features Matrix (1 row for a 1-D y). */
  get coefs(): Matrix {
    const coef = this.coef, outputs = this.interceptsValue!.length;
    return { rows: outputs, cols: coef.length / outputs, data: coef.slice() };
  }

  /** The constant term of each output. */
  get intercepts(): Float64Array {
    return this.fitted(this.interceptsValue, 'intercepts').slice();
  }

  /** Number of outputs (columns of y; 1 for a 1-D y). */
  get nOutputs(): number {
    return this.fitted(this.interceptsValue, 'nOutputs').length;
  }

  /** Number of features seen by fit. */
  get nFeaturesIn(): number {
    return this.coef.length / this.interceptsValue!.length;
  }

  /** X coef + intercept: n values, or n x outputs row-major after a 2-D y (see predictOutputs). */
  predict(X: MatrixInput): Float64Array {
    const coef = this.coef, intercepts = this.interceptsValue!, outputs = intercepts.length, d = coef.length / outputs;
    const x = toMatrix(X, 'X');
    checkFeatureCount(this.typeName, x.cols, d);
    if (outputs === 1) return linearPredict(x, coef, intercepts[0]!);
    const out = new Float64Array(x.rows * outputs);
    for (let k = 0; k < outputs; k++) {
      const column = linearPredict(x, coef.subarray(k * d, (k + 1) * d), intercepts[k]!);
      for (let i = 0; i < x.rows; i++) out[i * outputs + k] = column[i]!;
    }
    return out;
  }

  /** Predictions as an n x outputs Matrix (n x 1 for a 1-D y). */
  predictOutputs(X: MatrixInput): Matrix {
    const data = this.predict(X), outputs = this.interceptsValue!.length;
    return { rows: data.length / outputs, cols: outputs, data };
  }

  /** The coefficient of determination R^2 of predict(X) against y (mean over outputs). */
  score(X: MatrixInput, y: RegressionTargets): number {
    const prediction = this.predict(X), outputs = this.interceptsValue!.length;
    return meanR2(y, prediction, prediction.length / outputs, outputs);
  }

  protected setLearned(coef: Float64Array, intercept: number): void {
    this.coefValue = coef;
    this.interceptsValue = Float64Array.of(intercept);
    this.multiOutput = false;
  }

  /**
   * Fits every output column of y: `solve` gets the centred (and, with sample weights, sqrt-weighted)
   * data of one output and its index, and returns that output's weights. Weights and targets are
   * checked before any solve.
   */
  protected fitOutputs(X: MatrixInput, y: RegressionTargets, options: WeightedFitOptions | undefined, fitIntercept: boolean, solve: (data: CenteredData, output: number) => Float64Array, prepareWeights?: (w: Float64Array) => void): void {
    const x = toMatrix(X, 'X');
    const table = readRegressionTargets(y, x.rows);
    const weights = optionalSampleWeights(options, x.rows, `${this.typeName}.fit`);
    if (weights !== null) prepareWeights?.(weights);
    const d = x.cols, outputs = table.outputs, coef = new Float64Array(outputs * d), intercepts = new Float64Array(outputs);
    for (let k = 0; k < outputs; k++) {
      const data = centerData(x, outputColumn(table.values, x.rows, outputs, k), fitIntercept, weights);
      const w = solve(data, k);
      coef.set(w, k * d);
      intercepts[k] = fitIntercept ? interceptOf(data, w) : 0;
    }
    this.coefValue = coef;
    this.interceptsValue = intercepts;
    this.multiOutput = table.multiOutput;
  }

  /** Extra learned state a subclass serialises (e.g. rank, nIter). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  protected restoreExtra(_state: Record<string, unknown>): void {}

  toJSON(): EstimatorJSON {
    const state = this.coefValue === undefined ? null : {
      coef: [...this.coefValue], intercept: this.multiOutput ? [...this.interceptsValue!] : this.interceptsValue![0], ...this.extraState(),
    };
    return { type: this.typeName, params: this.getParams(), state };
  }

  protected restore(state: Record<string, unknown> | null): this {
    if (state === null) return this;
    const o = this.typeName;
    const multi = Array.isArray(state.intercept);
    const intercepts = readNumbers(o, 'intercept', multi ? state.intercept : [state.intercept]);
    const coef = readNumbers(o, 'coef', state.coef);
    if (intercepts.length < 1 || coef.length % intercepts.length !== 0) throw new ShapeError(`${o}.fromJSON: ${coef.length} coefficients do not split into ${intercepts.length} outputs`);
    this.coefValue = coef;
    this.interceptsValue = intercepts;
    this.multiOutput = multi;
    this.restoreExtra(state);
    return this;
  }
}

/** Checks X and a 1-D y together before a fit (validation before any work). */
export function readRegressionData(X: MatrixInput, y: RegressionTargets): { x: Matrix; y: Float64Array } {
  const x = toMatrix(X, 'X');
  const table = readRegressionTargets(y, x.rows);
  if (table.multiOutput) throw new ShapeError(`y: expected one target per sample, got ${table.outputs} columns`);
  return { x, y: table.values };
}
