// Bagging regressor: members' predictions averaged; a decision tree by default.
import { type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { r2Score } from '../tree/scores.ts';
import { BAGGING_DEFAULTS } from './bagging.ts';
import { BaseBagging, type BaseBaggingParams } from './base-bagging.ts';
import { type MemberRegressor, metaParamsOf, type Revivers } from './meta-estimator.ts';

export type BaggingRegressorParams = BaseBaggingParams<MemberRegressor>;

export class BaggingRegressor extends BaseBagging<MemberRegressor, BaggingRegressorParams> {
  constructor(params?: Partial<BaggingRegressorParams>) {
    super({ estimator: null, ...BAGGING_DEFAULTS }, params);
  }

  protected typeName(): string {
    return 'BaggingRegressor';
  }

  protected kind(): string {
    return 'regressor';
  }

  protected memberOutputs(member: MemberRegressor, X: Matrix): ArrayLike<number> {
    return member.predict(X);
  }

  /** The out-of-bag score is the R^2 of the out-of-bag predictions over the rows some member left out. */
  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const m = toMatrix(X, 'BaggingRegressor: X');
    const targets = toTargets(y, m.rows, 'BaggingRegressor: y');
    const draws = this.fitMembers(m, targets, this.params.estimator ?? new DecisionTreeRegressor(), options);
    this.oob = undefined;
    if (this.params.oobScore) {
      const { sum, count } = this.outOfBagSums(m, draws, 1);
      const seen: number[] = [];
      for (let i = 0; i < m.rows; i++) if (count[i]! > 0) seen.push(i);
      this.oob = r2Score(seen.map((i) => sum[i]! / count[i]!), seen.map((i) => targets[i]!));
    }
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    return this.meanOutputs(X, 1).data;
  }

  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'BaggingRegressor.score: y'));
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): BaggingRegressor {
    return new BaggingRegressor(metaParamsOf(json, 'BaggingRegressor', revivers) as Partial<BaggingRegressorParams>).restore(json, revivers);
  }
}
