// AdaBoost for classification with SAMME (Zhu, Zou, Rosset and Hastie 2009, "Multi-class
// AdaBoost"), as scikit-learn 1.9's AdaBoostClassifier (SAMME is its only algorithm): each round
// fits a clone of the base estimator (a depth-1 tree by default) with the current sample weights,
// weighs it alpha = learningRate * (log((1 - err) / err) + log(K - 1)) and multiplies the weights
// of the misclassified samples by exp(alpha). Members' randomState values are drawn from
// numpy's RandomState(randomState) as scikit-learn draws them, so with this package's trees the
// rounds equal scikit-learn's.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf } from '../tree/base-decision-tree.ts';
import { argmaxRows, DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { accuracy } from '../tree/scores.ts';
import { type AdaBoostParams, BaseAdaBoost, type BoostRound } from './base-adaboost.ts';
import { type MemberClassifier, metaParamsOf, type Revivers, type WeightedFitOptions } from './meta-estimator.ts';

export { checkLearningRate } from './base-adaboost.ts';

export type AdaBoostClassifierParams = AdaBoostParams<MemberClassifier>;

const DEFAULTS: AdaBoostClassifierParams = { estimator: null, nEstimators: 50, learningRate: 1, randomState: null };

export class AdaBoostClassifier extends BaseAdaBoost<MemberClassifier, AdaBoostClassifierParams> {
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<AdaBoostClassifierParams>) {
    super(DEFAULTS, params);
  }

  protected typeName(): string {
    return 'AdaBoostClassifier';
  }

  protected override validateParams(p: AdaBoostClassifierParams): void {
    this.checkBoostingParams(p, 'classifier');
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  /** SAMME: each round's member is fitted with the sample weights; alpha = learningRate (log((1 - err) / err) + log(K - 1)) grows the weights of the samples it got wrong. */
  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const m = toMatrix(X, 'AdaBoostClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'AdaBoostClassifier: y');
    const K = classes.length;
    const w = sampleWeightsOf(options?.sampleWeight, m.rows, 'AdaBoostClassifier.fit');
    const labels = Array.from(indices);
    const fitRound = (member: MemberClassifier, w: Float64Array): BoostRound => {
      member.fit(m, labels, { sampleWeight: w });
      const predicted = member.predict(m);
      let error = 0;
      let wsum = 0;
      const incorrect = new Uint8Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        incorrect[i] = predicted[i] !== indices[i] ? 1 : 0;
        error += w[i]! * incorrect[i]!;
        wsum += w[i]!;
      }
      return {
        error: error / wsum,
        reweight: (w, alpha) => {
          for (let i = 0; i < m.rows; i++) w[i] = Math.exp(Math.log(w[i]!) + (incorrect[i] && w[i]! > 0 ? alpha : 0));
        },
      };
    };
    this.boost(w, this.params.estimator ?? new DecisionTreeClassifier({ maxDepth: 1 }), {
      errorLimit: 1 - 1 / K,
      firstRoundFails: 'the base estimator is worse than random guessing on the first round',
      alphaOf: (err) => this.params.learningRate * (Math.log((1 - err) / err) + Math.log(K - 1)),
      fitRound,
    }, options);
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

  protected override extraState(): Record<string, unknown> {
    return { classes: this.classList };
  }

  protected override restoreExtra(state: Record<string, unknown>, what: string): void {
    if (!Array.isArray(state.classes) || state.classes.length < 1) throw new ArgumentError(`${what}: bad state`);
    this.classList = state.classes as number[] | string[];
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): AdaBoostClassifier {
    return new AdaBoostClassifier(metaParamsOf(json, 'AdaBoostClassifier', revivers) as Partial<AdaBoostClassifierParams>).restore(json, revivers);
  }
}
