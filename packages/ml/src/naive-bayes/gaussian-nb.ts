// Gaussian naive Bayes, scikit-learn's GaussianNB: per class and feature a normal density with the
// class mean theta and the (population) variance plus epsilon = varSmoothing * the largest feature
// variance of X; log P(x | c) = -1/2 sum_j [log(2 pi var_cj) + (x_j - theta_cj)^2 / var_cj].
// partialFit merges batches by the pairwise update of Chan, Golub & LeVeque ("Updating formulae and
// a pairwise algorithm for computing sample variances", 1979), and, as scikit-learn does, takes
// epsilon from the latest batch. Sample weights (options.sampleWeight) weight the class counts,
// means and variances; epsilon stays unweighted, as scikit-learn's.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { checkAborted, type EstimatorJSON } from '../base/estimator.ts';
import { checkFeatureCount, checkJSON, checkNumberParam, readClasses, readNumbers } from '../base/hyperparameter-checks.ts';
import type { Labels } from '../base/protocol.ts';
import { optionalSampleWeights, type WeightedFitOptions } from '../base/sample-weight.ts';
import { checkPrior, NaiveBayesBase } from './naive-bayes-base.ts';

export interface GaussianNBParams {
  [key: string]: unknown;
  /** Class priors (default null: the class frequencies). */
  priors: number[] | null;
  /** Share of the largest feature variance added to every variance (default 1e-9). */
  varSmoothing: number;
}

export class GaussianNB extends NaiveBayesBase<GaussianNBParams> {
  protected override get typeName(): string {
    return 'GaussianNB';
  }

  private thetaValue?: Float64Array;
  private varValue?: Float64Array;
  private classCountValue?: Float64Array;
  private classPriorValue?: Float64Array;
  private epsilonValue?: number;

  constructor(params?: Partial<GaussianNBParams>) {
    super({ priors: null, varSmoothing: 1e-9 }, params);
  }

  protected override validateParams(p: GaussianNBParams): void {
    checkNumberParam('GaussianNB', 'varSmoothing', p.varSmoothing, 0);
    if (p.priors !== null && !Array.isArray(p.priors)) throw new ArgumentError('GaussianNB: priors must be null or an array of numbers');
  }

  /** Class means, classes x features. */
  get theta(): Matrix {
    return { rows: this.classes.length, cols: this.nFeatures!, data: this.fitted(this.thetaValue, 'theta') };
  }

  /** Class variances (epsilon included), classes x features. */
  get var(): Matrix {
    return { rows: this.classes.length, cols: this.nFeatures!, data: this.fitted(this.varValue, 'var') };
  }

  get classCount(): Float64Array {
    return this.fitted(this.classCountValue, 'classCount');
  }

  get classPrior(): Float64Array {
    return this.fitted(this.classPriorValue, 'classPrior');
  }

  /** The variance added for stability. */
  get epsilon(): number {
    return this.fitted(this.epsilonValue, 'epsilon');
  }

  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    return this.update(X, y, undefined, options, true);
  }

  /** One batch of an incremental fit; `classes` (every label to expect) is required on the first call. */
  partialFit(X: MatrixInput, y: Labels, classes?: Labels, options?: WeightedFitOptions): this {
    const first = this.thetaValue === undefined;
    if (first && classes === undefined) throw new ArgumentError('GaussianNB.partialFit: classes must be given on the first call');
    return this.update(X, y, classes, options, first);
  }

  private update(X: MatrixInput, y: Labels, classes: Labels | undefined, options: WeightedFitOptions | undefined, first: boolean): this {
    const x = toMatrix(X, 'X');
    if (!first) checkFeatureCount('GaussianNB', x.cols, this.nFeatures!);
    const { classes: known, indices } = this.encodeTargets(y, x.rows, classes, first);
    const k = known.length, n = x.rows, d = x.cols, X_ = x.data;
    const weights = optionalSampleWeights(options, n, 'GaussianNB.fit');
    const priors = this.params.priors === null ? null : checkPrior('GaussianNB', 'priors', this.params.priors, k);
    checkAborted(options, 'GaussianNB.fit');
    // epsilon = varSmoothing * max_j var(X[:, j]) over this batch (two-pass variances, in row order).
    const columnMean = new Float64Array(d), columnVar = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) columnMean[j]! += X_[i * d + j]!;
    for (let j = 0; j < d; j++) columnMean[j]! /= n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const t = X_[i * d + j]! - columnMean[j]!;
        columnVar[j]! += t * t;
      }
    }
    let largest = 0;
    for (let j = 0; j < d; j++) largest = Math.max(largest, columnVar[j]! / n);
    const epsilon = this.params.varSmoothing * largest;
    const theta = first ? new Float64Array(k * d) : Float64Array.from(this.thetaValue!);
    const variance = first ? new Float64Array(k * d) : Float64Array.from(this.varValue!, (v) => v - epsilon);
    const counts = first ? new Float64Array(k) : Float64Array.from(this.classCountValue!);
    const batchCount = new Float64Array(k), batchMean = new Float64Array(k * d), batchVar = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      const c = indices[i]!, w = weights === null ? 1 : weights[i]!;
      batchCount[c]! += w;
      for (let j = 0; j < d; j++) batchMean[c * d + j]! += w * X_[i * d + j]!;
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) if (batchCount[c]! > 0) batchMean[c * d + j]! /= batchCount[c]!;
    for (let i = 0; i < n; i++) {
      const c = indices[i]!, w = weights === null ? 1 : weights[i]!;
      for (let j = 0; j < d; j++) batchVar[c * d + j]! += w * (X_[i * d + j]! - batchMean[c * d + j]!) ** 2;
    }
    for (let c = 0; c < k; c++) {
      const m = batchCount[c]!;
      if (m === 0) continue;
      const past = counts[c]!, total = past + m;
      for (let j = 0; j < d; j++) {
        const at = c * d + j, newVar = batchVar[at]! / m;
        if (past === 0) {
          theta[at] = batchMean[at]!;
          variance[at] = newVar;
          continue;
        }
        const ssd = past * variance[at]! + m * newVar + ((m * past) / total) * (theta[at]! - batchMean[at]!) ** 2;
        theta[at] = (m * batchMean[at]! + past * theta[at]!) / total;
        variance[at] = ssd / total;
      }
      counts[c] = total;
    }
    for (let i = 0; i < variance.length; i++) variance[i]! += epsilon;
    let sum = 0;
    for (const c of counts) sum += c;
    this.classesValue = known;
    this.thetaValue = theta;
    this.varValue = variance;
    this.classCountValue = counts;
    this.classPriorValue = priors ?? counts.map((c) => c / sum);
    this.epsilonValue = epsilon;
    this.nFeatures = d;
    return this;
  }

  protected jointLogLikelihood(x: Matrix): Float64Array {
    const k = this.classes.length, d = x.cols, n = x.rows, out = new Float64Array(n * k);
    const theta = this.thetaValue!, variance = this.varValue!, prior = this.classPriorValue!;
    const inverse = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      let constant = Math.log(prior[c]!);
      for (let j = 0; j < d; j++) {
        constant -= 0.5 * Math.log(2 * Math.PI * variance[c * d + j]!);
        inverse[j] = 1 / variance[c * d + j]!;
      }
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = x.data[i * d + j]! - theta[c * d + j]!;
          s += t * t * inverse[j]!;
        }
        out[i * k + c] = constant - 0.5 * s;
      }
    }
    return out;
  }

  toJSON(): EstimatorJSON {
    const state = this.thetaValue === undefined ? null : {
      classes: this.classesValue, nFeatures: this.nFeatures, theta: [...this.thetaValue], var: [...this.varValue!], classCount: [...this.classCountValue!],
      classPrior: [...this.classPriorValue!], epsilon: this.epsilonValue,
    };
    return { type: 'GaussianNB', params: this.getParams(), state };
  }

  static fromJSON(json: unknown): GaussianNB {
    const { params, state } = checkJSON('GaussianNB', json);
    const model = new GaussianNB(params as Partial<GaussianNBParams>);
    if (state === null) return model;
    const o = 'GaussianNB', classes = readClasses(o, state.classes), k = classes.length;
    const d = state.nFeatures;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw new ArgumentError(`${o}.fromJSON: state.nFeatures must be a positive integer`);
    model.classesValue = classes;
    model.nFeatures = d;
    model.thetaValue = readNumbers(o, 'theta', state.theta, k * d);
    model.varValue = readNumbers(o, 'var', state.var, k * d);
    if (model.varValue.some((v) => !(v > 0))) throw new ArgumentError(`${o}.fromJSON: state.var must be > 0`);
    model.classCountValue = readNumbers(o, 'classCount', state.classCount, k);
    model.classPriorValue = readNumbers(o, 'classPrior', state.classPrior, k);
    [model.epsilonValue] = readNumbers(o, 'epsilon', [state.epsilon]);
    return model;
  }
}
