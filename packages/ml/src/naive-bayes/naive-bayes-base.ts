// What the naive Bayes classifiers share: everything is computed in log space from each class's
// joint log-likelihood log P(c) + log P(x | c); probabilities are normalised by log-sum-exp per row,
// so they never underflow to 0 / 0 however many features there are. Classes are the sorted labels
// (given up front to partialFit, as scikit-learn requires).
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator } from '../base/estimator.ts';
import { checkFeatureCount } from '../base/hyperparameter-checks.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels, Params } from '../base/protocol.ts';

export abstract class NaiveBayesBase<P extends Params> extends BaseEstimator<P> {
  /** The class's name for toJSON and messages, spelled out: minifiers rename classes. */
  protected abstract get typeName(): string;
  protected classesValue?: number[] | string[];
  protected nFeatures?: number;

  /** The class labels, sorted. */
  get classes(): number[] | string[] {
    return this.fitted(this.classesValue, 'classes');
  }

  /** Joint log-likelihood log P(c) + log P(x | c) of each row and class: n x classes. */
  protected abstract jointLogLikelihood(x: Matrix): Float64Array;

  /** Checks X against the fitted shape and returns it as a matrix. */
  protected input(X: MatrixInput): Matrix {
    const nFeatures = this.fitted(this.nFeatures, 'classes');
    const x = toMatrix(X, 'X');
    checkFeatureCount(this.typeName, x.cols, nFeatures);
    return x;
  }

  /** Encodes y for a fit, or for partialFit against the classes given on its first call (stores nothing). */
  protected encodeTargets(y: Labels, rows: number, classes: Labels | undefined, first: boolean): { classes: number[] | string[]; indices: Int32Array } {
    if (first && classes === undefined) return encodeLabels(y, rows);
    const known = first ? encodeLabels(classes!, undefined, 'classes').classes : this.classes;
    const index = new Map<number | string, number>();
    known.forEach((c, i) => index.set(c, i));
    encodeLabels(y, rows); // checks the labels' kinds, finiteness and count
    const indices = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const at = index.get(y[i]!);
      if (at === undefined) throw new ArgumentError(`${this.typeName}: label ${String(y[i])} (row ${i}) is not one of the classes ${known.join(', ')}`);
      indices[i] = at;
    }
    return { classes: known, indices };
  }

  /** Log of predictProba: the joint log-likelihood minus its log-sum-exp per row. */
  predictLogProba(X: MatrixInput): Matrix {
    const x = this.input(X);
    const k = this.classes.length, jll = this.jointLogLikelihood(x), n = x.rows;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, jll[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(jll[i * k + c]! - max);
      const log = max + Math.log(sum);
      for (let c = 0; c < k; c++) jll[i * k + c]! -= log;
    }
    return { rows: n, cols: k, data: jll };
  }

  /** Class probabilities, n x classes. */
  predictProba(X: MatrixInput): Matrix {
    const log = this.predictLogProba(X);
    return { ...log, data: log.data.map(Math.exp) };
  }

  /** The class of largest joint log-likelihood (the first on ties). */
  predict(X: MatrixInput): number[] | string[] {
    const x = this.input(X);
    const k = this.classes.length, jll = this.jointLogLikelihood(x), picks = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (jll[i * k + c]! > jll[i * k + best]!) best = c;
      picks[i] = best;
    }
    return decodeLabels(this.classes, picks);
  }

  /** Mean accuracy. */
  score(X: MatrixInput, y: Labels): number {
    const predicted = this.predict(X);
    if (y.length !== predicted.length) throw new ArgumentError(`${this.typeName}.score: ${y.length} labels for ${predicted.length} samples`);
    let hits = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) hits++;
    return hits / predicted.length;
  }
}

/** Checks a prior over the classes: non-negative, one per class, summing to 1 (within 1e-8, as numpy's isclose). */
export function checkPrior(owner: string, name: string, prior: readonly number[], classes: number): Float64Array {
  if (prior.length !== classes) throw new ArgumentError(`${owner}: ${name} has ${prior.length} values for ${classes} classes`);
  let sum = 0;
  for (const p of prior) {
    if (typeof p !== 'number' || !(p >= 0) || !Number.isFinite(p)) throw new ArgumentError(`${owner}: ${name} must hold finite numbers >= 0, got ${p}`);
    sum += p;
  }
  if (Math.abs(sum - 1) > 1e-8 + 1e-5) throw new ArgumentError(`${owner}: ${name} must sum to 1, sums to ${sum}`);
  return Float64Array.from(prior);
}
