// Bagging classifier: members' class probabilities (or votes, for members without predictProba)
// averaged; a decision tree by default.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { argmaxRows, DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { accuracy } from '../tree/scores.ts';
import { BAGGING_DEFAULTS } from './bagging.ts';
import { BaseBagging, type BaseBaggingParams } from './base-bagging.ts';
import { alignedProba, type MemberClassifier, metaParamsOf, type Revivers } from './meta-estimator.ts';

export type BaggingClassifierParams = BaseBaggingParams<MemberClassifier>;

export class BaggingClassifier extends BaseBagging<MemberClassifier, BaggingClassifierParams> {
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<BaggingClassifierParams>) {
    super({ estimator: null, ...BAGGING_DEFAULTS }, params);
  }

  protected typeName(): string {
    return 'BaggingClassifier';
  }

  protected kind(): string {
    return 'classifier';
  }

  /** The member's class probabilities over the ensemble's classes (label codes 0..K-1). */
  protected memberOutputs(member: MemberClassifier, X: Matrix, rows: number): Float64Array {
    const K = this.classList!.length;
    return alignedProba(member, X, rows, Array.from({ length: K }, (_, k) => k)).data;
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const m = toMatrix(X, 'BaggingClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'BaggingClassifier: y');
    const K = classes.length;
    const draws = this.fitMembers(m, indices, this.params.estimator ?? new DecisionTreeClassifier(), options);
    this.classList = classes;
    this.oob = undefined;
    if (this.params.oobScore) {
      // the class with the largest summed out-of-bag probability (class 0 for rows never out of bag)
      const { sum } = this.outOfBagSums(m, draws, K);
      const predicted = argmaxRows({ rows: m.rows, cols: K, data: sum });
      let hits = 0;
      for (let i = 0; i < m.rows; i++) if (predicted[i] === indices[i]) hits++;
      this.oob = hits / m.rows;
    }
    return this;
  }

  predictProba(X: MatrixInput): Matrix {
    const K = this.classes.length;
    const { rows, data } = this.meanOutputs(X, K);
    return { rows, cols: K, data };
  }

  predict(X: MatrixInput): number[] | string[] {
    return decodeLabels(this.classes, argmaxRows(this.predictProba(X)));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  protected override extraState(): Record<string, unknown> {
    return { classes: this.classList };
  }

  protected override restoreExtra(state: Record<string, unknown>): void {
    if (!Array.isArray(state.classes)) throw new ArgumentError('BaggingClassifier.fromJSON: bad state');
    this.classList = state.classes as number[] | string[];
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): BaggingClassifier {
    return new BaggingClassifier(metaParamsOf(json, 'BaggingClassifier', revivers) as Partial<BaggingClassifierParams>).restore(json, revivers);
  }
}
