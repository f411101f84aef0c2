// AdaBoost for classification with SAMME (Zhu, Zou, Rosset and Hastie 2009, "Multi-class
// AdaBoost"), as scikit-learn 1.9's AdaBoostClassifier (SAMME is its only algorithm): each round
// fits a clone of the base estimator (a depth-1 tree by default) with the current sample weights,
// weighs it alpha = learningRate * (log((1 - err) / err) + log(K - 1)) and multiplies the weights
// of the misclassified samples by exp(alpha). Members' randomState values are drawn from
// numpy's RandomState(randomState) as scikit-learn draws them, so with this package's trees the
// rounds equal scikit-learn's.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import { MAX_INT32, NumpyRandomState } from '../base/numpy-random-state.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf } from '../tree/base-decision-tree.ts';
import { argmaxRows, DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { accuracy } from '../tree/scores.ts';
import { checkPositiveInteger, checkRandomState, drawSeed } from '../tree/tree-params.ts';
import { cloneWithSeed, type MemberClassifier, memberJSON, reviveMember, type Revivers, type WeightedFitOptions } from './meta-estimator.ts';

export interface AdaBoostClassifierParams {
  [key: string]: unknown;
  /** null: DecisionTreeClassifier({ maxDepth: 1 }). Its fit must take options.sampleWeight. */
  estimator: MemberClassifier | null;
  nEstimators: number;
  learningRate: number;
  randomState: number | null;
}

const DEFAULTS: AdaBoostClassifierParams = { estimator: null, nEstimators: 50, learningRate: 1, randomState: null };

export function checkLearningRate(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new ArgumentError(`${what} must be a finite number > 0, got ${String(value)}`);
}

export class AdaBoostClassifier extends BaseEstimator<AdaBoostClassifierParams> {
  private members: MemberClassifier[] | undefined;
  private weights: Float64Array | undefined;
  private errors: Float64Array | undefined;
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<AdaBoostClassifierParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: AdaBoostClassifierParams): void {
    checkPositiveInteger(p.nEstimators, 'AdaBoostClassifier: nEstimators');
    checkLearningRate(p.learningRate, 'AdaBoostClassifier: learningRate');
    checkRandomState(p.randomState, 'AdaBoostClassifier: randomState');
    if (p.estimator !== null && (typeof p.estimator !== 'object' || typeof p.estimator.fit !== 'function')) throw new ArgumentError('AdaBoostClassifier: estimator must be null or a classifier');
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  get estimators(): MemberClassifier[] {
    return this.fitted(this.members, 'estimators');
  }

  /** Each round's alpha (zeros after an early stop), scikit-learn's estimator_weights_. */
  get estimatorWeights(): Float64Array {
    return this.fitted(this.weights, 'estimatorWeights');
  }

  /** Each round's weighted training error, scikit-learn's estimator_errors_. */
  get estimatorErrors(): Float64Array {
    return this.fitted(this.errors, 'estimatorErrors');
  }

  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const p = this.params;
    const m = toMatrix(X, 'AdaBoostClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'AdaBoostClassifier: y');
    const K = classes.length;
    const w = sampleWeightsOf(options?.sampleWeight, m.rows, 'AdaBoostClassifier.fit');
    let total = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < w.length; i++) w[i]! /= total;
    const base: MemberClassifier = p.estimator ?? new DecisionTreeClassifier({ maxDepth: 1 });
    const state = new NumpyRandomState(p.randomState ?? drawSeed(null));
    const labels = Array.from(indices);
    const members: MemberClassifier[] = [];
    const weights = new Float64Array(p.nEstimators);
    const errors = new Float64Array(p.nEstimators).fill(1);
    for (let round = 0; round < p.nEstimators; round++) {
      checkAborted(options, 'AdaBoostClassifier.fit');
      const member = cloneWithSeed(base, state.randint(0, MAX_INT32), 'AdaBoostClassifier: estimator');
      member.fit(m, labels, { sampleWeight: w });
      const predicted = member.predict(m);
      let err = 0;
      let wsum = 0;
      const incorrect = new Uint8Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        incorrect[i] = predicted[i] !== indices[i] ? 1 : 0;
        err += w[i]! * incorrect[i]!;
        wsum += w[i]!;
      }
      err /= wsum;
      if (err <= 0) {
        members.push(member);
        weights[round] = 1;
        errors[round] = 0;
        break;
      }
      if (err >= 1 - 1 / K) {
        if (members.length === 0) throw new ArgumentError('AdaBoostClassifier: the base estimator is worse than random guessing on the first round; boosting cannot start');
        break;
      }
      const alpha = p.learningRate * (Math.log((1 - err) / err) + Math.log(K - 1));
      members.push(member);
      weights[round] = alpha;
      errors[round] = err;
      report(options, { stage: 'boosting', done: round + 1, total: p.nEstimators, value: err });
      if (round === p.nEstimators - 1) break;
      for (let i = 0; i < m.rows; i++) w[i] = Math.exp(Math.log(w[i]!) + (incorrect[i] && w[i]! > 0 ? alpha : 0));
      total = w.reduce((a, b) => a + b, 0);
      if (!Number.isFinite(total) || total <= 0) break;
      for (let i = 0; i < w.length; i++) w[i]! /= total;
    }
    this.members = members;
    this.weights = weights;
    this.errors = errors;
    this.classList = classes;
    return this;
  }

  /**
   * SAMME's symmetric votes / total weight (each round adds w to its predicted class and
   * -w / (K - 1) to the others): rows x classes, or for two classes one score per row, positive
   * for classes[1].
   */
  decisionFunction(X: MatrixInput): Float64Array | Matrix {
    const m = toMatrix(X, 'AdaBoostClassifier: X');
    const K = this.classes.length;
    const votes = new Float64Array(m.rows * K);
    const members = this.members!;
    const weights = this.weights!;
    let total = 0;
    for (let t = 0; t < weights.length; t++) total += weights[t]!;
    members.forEach((member, t) => {
      const predicted = member.predict(m);
      const wt = weights[t]!;
      for (let i = 0; i < m.rows; i++) {
        for (let k = 0; k < K; k++) votes[i * K + k]! += -wt / (K - 1);
        votes[i * K + (predicted[i] as number)]! += wt + wt / (K - 1);
      }
    });
    for (let i = 0; i < votes.length; i++) votes[i]! /= total;
    if (K === 2) return Float64Array.from({ length: m.rows }, (_, i) => votes[i * 2 + 1]! - votes[i * 2]!);
    return { rows: m.rows, cols: K, data: votes };
  }

  /** softmax(decision / (K - 1)), or for two classes softmax of [-d, d] / 2 (scikit-learn's SAMME probabilities). */
  predictProba(X: MatrixInput): Matrix {
    const d = this.decisionFunction(X);
    const K = this.classes.length;
    const rows = d instanceof Float64Array ? d.length : d.rows;
    const data = new Float64Array(rows * K);
    for (let i = 0; i < rows; i++) {
      const scores = d instanceof Float64Array ? [-d[i]! / 2, d[i]! / 2] : Array.from(d.data.subarray(i * K, i * K + K), (v) => v / (K - 1));
      const max = Math.max(...scores);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += data[i * K + k] = Math.exp(scores[k]! - max);
      for (let k = 0; k < K; k++) data[i * K + k]! /= sum;
    }
    return { rows, cols: K, data };
  }

  predict(X: MatrixInput): number[] | string[] {
    const d = this.decisionFunction(X);
    if (d instanceof Float64Array) return decodeLabels(this.classes, Int32Array.from(d, (v) => (v > 0 ? 1 : 0)));
    return decodeLabels(this.classes, argmaxRows(d));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  toJSON(): EstimatorJSON {
    const { estimator, ...rest } = this.params;
    const params = { ...rest, estimator: estimator === null ? null : memberJSON(estimator, 'AdaBoostClassifier.toJSON') };
    const state = this.members && { classes: this.classList, weights: Array.from(this.weights!), errors: Array.from(this.errors!), members: this.members.map((e) => memberJSON(e, 'AdaBoostClassifier.toJSON')) };
    return { type: 'AdaBoostClassifier', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): AdaBoostClassifier {
    if (json?.type !== 'AdaBoostClassifier') throw new ArgumentError(`AdaBoostClassifier.fromJSON: expected type 'AdaBoostClassifier', got ${String(json?.type)}`);
    const params = { ...(json.params as Record<string, unknown>) };
    params.estimator = params.estimator ? reviveMember(params.estimator, revivers, 'AdaBoostClassifier.fromJSON') : null;
    const model = new AdaBoostClassifier(params as Partial<AdaBoostClassifierParams>);
    const s = json.state as { classes: number[] | string[]; weights: number[]; errors: number[]; members: unknown[] } | null;
    if (s) {
      if (!Array.isArray(s.classes) || !Array.isArray(s.members) || !Array.isArray(s.weights) || s.weights.length !== model.params.nEstimators) throw new ArgumentError('AdaBoostClassifier.fromJSON: bad state');
      model.members = s.members.map((e) => reviveMember<MemberClassifier>(e, revivers, 'AdaBoostClassifier.fromJSON'));
      model.weights = Float64Array.from(s.weights);
      model.errors = Float64Array.from(s.errors);
      model.classList = s.classes;
    }
    return model;
  }
}
