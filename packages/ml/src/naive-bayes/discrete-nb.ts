// The counting naive Bayes models (multinomial and Bernoulli), as scikit-learn's _BaseDiscreteNB:
// per class the feature counts sum_{i in c} x_i and the class counts; additive (Lidstone) smoothing
// alpha; class log-priors from classPrior, else the class frequencies (fitPrior) or uniform. fit and
// partialFit only add counts, so a partialFit over batches equals one fit on their union. Sample
// weights (options.sampleWeight) weight each row's contribution to both counts.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { checkAborted, type EstimatorJSON } from '../base/estimator.ts';
import { checkBooleanParam, checkFeatureCount, checkJSON, checkNumberParam, readClasses, readNumbers } from '../base/hyperparameter-checks.ts';
import type { Labels } from '../base/protocol.ts';
import { optionalSampleWeights, type WeightedFitOptions } from '../base/sample-weight.ts';
import { checkPrior, NaiveBayesBase } from './naive-bayes-base.ts';

export interface DiscreteNBParams {
  [key: string]: unknown;
  /** Additive smoothing, >= 0 (default 1). */
  alpha: number;
  /** Keep alpha even when below 1e-10 (default true, as scikit-learn 1.4+); false raises it to 1e-10. */
  forceAlpha: boolean;
  /** Learn class priors from the data (default true); false: uniform. */
  fitPrior: boolean;
  /** Fixed class priors (default null). */
  classPrior: number[] | null;
}

export abstract class DiscreteNB<P extends DiscreteNBParams> extends NaiveBayesBase<P> {
  protected featureCountValue?: Float64Array;
  protected classCountValue?: Float64Array;
  protected featureLogProbValue?: Float64Array;
  protected classLogPriorValue?: Float64Array;

  protected override validateParams(p: P): void {
    const o = this.typeName;
    checkNumberParam(o, 'alpha', p.alpha, 0);
    checkBooleanParam(o, 'forceAlpha', p.forceAlpha);
    checkBooleanParam(o, 'fitPrior', p.fitPrior);
    if (p.classPrior !== null && !Array.isArray(p.classPrior)) throw new ArgumentError(`${o}: classPrior must be null or an array of numbers`);
  }

  /** Per-class feature sums (after any binarisation), classes x features. */
  get featureCount(): Matrix {
    return { rows: this.classes.length, cols: this.nFeatures!, data: this.fitted(this.featureCountValue, 'featureCount') };
  }

  get classCount(): Float64Array {
    return this.fitted(this.classCountValue, 'classCount');
  }

  /** log P(feature | class), classes x features. */
  get featureLogProb(): Matrix {
    return { rows: this.classes.length, cols: this.nFeatures!, data: this.fitted(this.featureLogProbValue, 'featureLogProb') };
  }

  get classLogPrior(): Float64Array {
    return this.fitted(this.classLogPriorValue, 'classLogPrior');
  }

  /** X as the model reads it (Bernoulli binarises); checks the values. */
  protected abstract prepare(x: Matrix): Matrix;

  /** featureLogProb from the smoothed counts. */
  protected abstract featureLogProbFrom(featureCount: Float64Array, classCount: Float64Array, alpha: number, k: number, d: number): Float64Array;

  protected smoothing(): number {
    const a = this.params.alpha;
    return !this.params.forceAlpha && a < 1e-10 ? 1e-10 : a;
  }

  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    return this.update(X, y, undefined, options, true);
  }

  /** One batch of an incremental fit; `classes` (every label to expect) is required on the first call. */
  partialFit(X: MatrixInput, y: Labels, classes?: Labels, options?: WeightedFitOptions): this {
    const first = this.featureCountValue === undefined;
    if (first && classes === undefined) throw new ArgumentError(`${this.typeName}.partialFit: classes must be given on the first call`);
    return this.update(X, y, classes, options, first);
  }

  private update(X: MatrixInput, y: Labels, classes: Labels | undefined, options: WeightedFitOptions | undefined, first: boolean): this {
    const raw = toMatrix(X, 'X');
    if (!first) checkFeatureCount(this.typeName, raw.cols, this.nFeatures!);
    const { classes: known, indices } = this.encodeTargets(y, raw.rows, classes, first);
    const weights = optionalSampleWeights(options, raw.rows, `${this.typeName}.fit`);
    const x = this.prepare(raw);
    const k = known.length, n = x.rows, d = x.cols;
    const prior = this.params.classPrior === null ? null : checkPrior(this.typeName, 'classPrior', this.params.classPrior, k);
    checkAborted(options, `${this.typeName}.fit`);
    const featureCount = first ? new Float64Array(k * d) : Float64Array.from(this.featureCountValue!);
    const classCount = first ? new Float64Array(k) : Float64Array.from(this.classCountValue!);
    for (let i = 0; i < n; i++) {
      const c = indices[i]!, w = weights === null ? 1 : weights[i]!;
      classCount[c]! += w;
      for (let j = 0; j < d; j++) featureCount[c * d + j]! += w * x.data[i * d + j]!;
    }
    let logPrior: Float64Array;
    if (prior !== null) logPrior = prior.map(Math.log);
    else if (this.params.fitPrior) {
      let total = 0;
      for (const c of classCount) total += c;
      logPrior = classCount.map((c) => Math.log(c) - Math.log(total));
    } else logPrior = new Float64Array(k).fill(-Math.log(k));
    this.classesValue = known;
    this.nFeatures = d;
    this.featureCountValue = featureCount;
    this.classCountValue = classCount;
    this.featureLogProbValue = this.featureLogProbFrom(featureCount, classCount, this.smoothing(), k, d);
    this.classLogPriorValue = logPrior;
    return this;
  }

  toJSON(): EstimatorJSON {
    const state = this.featureCountValue === undefined ? null : {
      classes: this.classesValue, nFeatures: this.nFeatures, featureCount: [...this.featureCountValue], classCount: [...this.classCountValue!],
      classLogPrior: [...this.classLogPriorValue!],
    };
    return { type: this.typeName, params: this.getParams(), state };
  }

  protected restore(state: Record<string, unknown> | null): this {
    if (state === null) return this;
    const o = this.typeName, classes = readClasses(o, state.classes), k = classes.length, d = state.nFeatures;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw new ArgumentError(`${o}.fromJSON: state.nFeatures must be a positive integer`);
    const featureCount = readNumbers(o, 'featureCount', state.featureCount, k * d), classCount = readNumbers(o, 'classCount', state.classCount, k);
    const logPrior = state.classLogPrior;
    if (!Array.isArray(logPrior) || logPrior.length !== k || logPrior.some((v) => typeof v !== 'number' || Number.isNaN(v) || v > 0)) throw new ArgumentError(`${o}.fromJSON: state.classLogPrior must hold ${k} numbers <= 0`);
    this.classesValue = classes;
    this.nFeatures = d;
    this.featureCountValue = featureCount;
    this.classCountValue = classCount;
    this.classLogPriorValue = Float64Array.from(logPrior as number[]);
    this.featureLogProbValue = this.featureLogProbFrom(featureCount, classCount, this.smoothing(), k, d);
    return this;
  }

  static parse(owner: string, json: unknown): { params: Record<string, unknown>; state: Record<string, unknown> | null } {
    return checkJSON(owner, json);
  }
}

export const DISCRETE_DEFAULTS: DiscreteNBParams = { alpha: 1, forceAlpha: true, fitPrior: true, classPrior: null };
