// The part every single-output linear regressor shares: learned coef and intercept, predict,
// score (R^2) and the JSON state { coef, intercept, nFeatures, extra }.
import { type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import { checkFeatureCount, readNumbers } from '../base/hyperparameter-checks.ts';
import type { Labels, Params } from '../base/protocol.ts';
import { toTargets } from '../base/labels.ts';
import { linearPredict, r2 } from './preprocess.ts';

export abstract class LinearRegressorBase<P extends Params> extends BaseEstimator<P> {
  protected coefValue?: Float64Array;
  protected interceptValue?: number;

  /** The weights, one per feature. */
  get coef(): Float64Array {
    return this.fitted(this.coefValue, 'coef');
  }

  /** The constant term (0 when fitIntercept is false). */
  get intercept(): number {
    return this.fitted(this.interceptValue, 'intercept');
  }

  /** Number of features seen by fit. */
  get nFeaturesIn(): number {
    return this.coef.length;
  }

  /** X coef + intercept. */
  predict(X: MatrixInput): Float64Array {
    const coef = this.coef;
    const x = toMatrix(X, 'X');
    checkFeatureCount(this.constructor.name, x.cols, coef.length);
    return linearPredict(x, coef, this.intercept);
  }

  /** The coefficient of determination R^2 of predict(X) against y. */
  score(X: MatrixInput, y: Labels): number {
    const prediction = this.predict(X);
    return r2(toTargets(y, prediction.length), prediction);
  }

  protected setLearned(coef: Float64Array, intercept: number): void {
    this.coefValue = coef;
    this.interceptValue = intercept;
  }

  /** Extra learned state a subclass serialises (e.g. rank, nIter). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  protected restoreExtra(_state: Record<string, unknown>): void {}

  toJSON(): EstimatorJSON {
    const state = this.coefValue === undefined ? null : { coef: [...this.coefValue], intercept: this.interceptValue, ...this.extraState() };
    return { type: this.constructor.name, params: this.getParams(), state };
  }

  protected restore(state: Record<string, unknown> | null): this {
    if (state === null) return this;
    const coef = readNumbers(this.constructor.name, 'coef', state.coef);
    const [intercept] = readNumbers(this.constructor.name, 'intercept', [state.intercept]);
    this.setLearned(coef, intercept!);
    this.restoreExtra(state);
    return this;
  }
}

/** Checks X and y together before a fit (validation before any work). */
export function readRegressionData(X: MatrixInput, y: Labels): { x: Matrix; y: Float64Array } {
  const x = toMatrix(X, 'X');
  return { x, y: toTargets(y, x.rows) };
}
