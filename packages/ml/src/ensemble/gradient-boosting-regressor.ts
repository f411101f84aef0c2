// Gradient boosting for regression (scikit-learn's GradientBoostingRegressor, loss 'squaredError').
import { ArgumentError, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf, type TreeFitOptions } from '../tree/base-decision-tree.ts';
import { r2Score } from '../tree/scores.ts';
import { checkFraction, checkOneOf } from '../tree/tree-params.ts';
import { BaseGradientBoosting, checkBoostingParams, GRADIENT_BOOSTING_DEFAULTS, type GradientBoostingParams } from './gradient-boosting.ts';
import type { BoostingLoss } from './gradient-boosting-losses.ts';

export interface GradientBoostingRegressorParams extends GradientBoostingParams {
  /** 'squaredError', 'absoluteError' (leaves: medians of the residuals) or 'quantile' (leaves: their alpha-quantiles). */
  loss: 'squaredError' | 'absoluteError' | 'quantile';
  /** The quantile of the 'quantile' loss, in (0, 1). */
  alpha: number;
}

const DEFAULTS: GradientBoostingRegressorParams = { loss: 'squaredError', alpha: 0.9, ...GRADIENT_BOOSTING_DEFAULTS };

export class GradientBoostingRegressor extends BaseGradientBoosting<GradientBoostingRegressorParams> {
  constructor(params?: Partial<GradientBoostingRegressorParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: GradientBoostingRegressorParams): void {
    checkOneOf(p.loss, ['squaredError', 'absoluteError', 'quantile'], 'GradientBoostingRegressor: loss');
    checkFraction(p.alpha, 'GradientBoostingRegressor: alpha');
    checkBoostingParams(p, 'GradientBoostingRegressor');
  }

  protected lossKind(): BoostingLoss {
    return this.params.loss === 'absoluteError' ? 'absolute' : this.params.loss === 'quantile' ? 'quantile' : 'squared';
  }

  protected override lossAlpha(): number {
    return this.params.alpha;
  }

  fit(X: MatrixInput, y: Labels, options?: TreeFitOptions): this {
    const m = toMatrix(X, 'GradientBoostingRegressor: X');
    const targets = toTargets(y, m.rows, 'GradientBoostingRegressor: y');
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'GradientBoostingRegressor.fit');
    this.fitBoosting(m, targets, weights, 1, options);
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    return this.rawScores(this.checkX(X));
  }

  /** Predictions after the first `stages` stages. */
  predictAtStage(X: MatrixInput, stages: number): Float64Array {
    return this.rawScores(this.checkX(X), Math.min(stages, this.nEstimatorsFitted));
  }

  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'GradientBoostingRegressor.score: y'));
  }

  toJSON(): EstimatorJSON {
    return { type: 'GradientBoostingRegressor', params: this.getParams(), state: this.boostingState() };
  }

  static fromJSON(json: EstimatorJSON): GradientBoostingRegressor {
    if (json?.type !== 'GradientBoostingRegressor') throw new ArgumentError(`GradientBoostingRegressor.fromJSON: expected type 'GradientBoostingRegressor', got ${String(json?.type)}`);
    const model = new GradientBoostingRegressor(json.params as Partial<GradientBoostingRegressorParams>);
    model.restoreBoosting(json.state, 'GradientBoostingRegressor.fromJSON');
    if (model.init && model.init.length !== 1) throw new ArgumentError('GradientBoostingRegressor.fromJSON: a regressor has one raw score');
    return model;
  }
}
