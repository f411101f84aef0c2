// Gradient boosting for classification (scikit-learn's GradientBoostingClassifier, loss 'logLoss'):
// binomial deviance with one tree per stage for two classes, multinomial deviance with one tree per
// class and stage for more.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf, type TreeFitOptions } from '../tree/base-decision-tree.ts';
import { argmaxRows } from '../tree/decision-tree-classifier.ts';
import { accuracy } from '../tree/scores.ts';
import { checkOneOf } from '../tree/tree-params.ts';
import { BaseGradientBoosting, checkBoostingParams, GRADIENT_BOOSTING_DEFAULTS, type GradientBoostingParams } from './gradient-boosting.ts';
import { type BoostingLoss, probaOf } from './gradient-boosting-losses.ts';

export interface GradientBoostingClassifierParams extends GradientBoostingParams {
  /** 'logLoss' (binomial or multinomial deviance) or 'exponential' (AdaBoost's loss; two classes only). */
  loss: 'logLoss' | 'exponential';
}

const DEFAULTS: GradientBoostingClassifierParams = { loss: 'logLoss', ...GRADIENT_BOOSTING_DEFAULTS };

export class GradientBoostingClassifier extends BaseGradientBoosting<GradientBoostingClassifierParams> {
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<GradientBoostingClassifierParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: GradientBoostingClassifierParams): void {
    checkOneOf(p.loss, ['logLoss', 'exponential'], 'GradientBoostingClassifier: loss');
    checkBoostingParams(p, 'GradientBoostingClassifier');
  }

  protected lossKind(): BoostingLoss {
    if ((this.classList?.length ?? 2) > 2) return 'multinomial';
    return this.params.loss === 'exponential' ? 'exponential' : 'binomial';
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  fit(X: MatrixInput, y: Labels, options?: TreeFitOptions): this {
    const m = toMatrix(X, 'GradientBoostingClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'GradientBoostingClassifier: y');
    if (classes.length < 2) throw new ArgumentError('GradientBoostingClassifier: y needs at least two classes');
    if (this.params.loss === 'exponential' && classes.length !== 2) throw new ArgumentError(`GradientBoostingClassifier: loss 'exponential' needs two classes, y has ${classes.length}`);
    const weights = sampleWeightsOf(options?.sampleWeight, m.rows, 'GradientBoostingClassifier.fit');
    const previous = this.classList;
    this.classList = classes;
    try {
      this.fitBoosting(m, indices, weights, classes.length, options);
    } catch (error) {
      this.classList = previous;
      throw error;
    }
    return this;
  }

  /** Raw scores: one per sample for two classes (log-odds of classes[1]), rows x classes otherwise. */
  decisionFunction(X: MatrixInput): Float64Array | Matrix {
    return this.decisionFunctionAtStage(X, this.nEstimatorsFitted);
  }

  /** Raw scores after the first `stages` stages (one step of scikit-learn's staged_decision_function). */
  decisionFunctionAtStage(X: MatrixInput, stages: number): Float64Array | Matrix {
    const m = this.checkX(X);
    const raw = this.rawScores(m, Math.min(stages, this.nEstimatorsFitted));
    const K = this.init!.length;
    return K === 1 ? raw : { rows: m.rows, cols: K, data: raw };
  }

  predictProba(X: MatrixInput): Matrix {
    const m = this.checkX(X);
    const K = this.classes.length;
    return { rows: m.rows, cols: K, data: probaOf(this.lossKind(), this.rawScores(m), m.rows, K) };
  }

  /** Probabilities after each of the first `stages` stages (scikit-learn's staged_predict_proba, one stage count at a time). */
  predictProbaAtStage(X: MatrixInput, stages: number): Matrix {
    const m = this.checkX(X);
    const K = this.classes.length;
    return { rows: m.rows, cols: K, data: probaOf(this.lossKind(), this.rawScores(m, Math.min(stages, this.nEstimatorsFitted)), m.rows, K) };
  }

  predict(X: MatrixInput): number[] | string[] {
    return decodeLabels(this.classes, argmaxRows(this.predictProba(X)));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  toJSON(): EstimatorJSON {
    const state = this.boostingState();
    return { type: 'GradientBoostingClassifier', params: this.getParams(), state: state && { ...state, classes: this.classList } };
  }

  static fromJSON(json: EstimatorJSON): GradientBoostingClassifier {
    if (json?.type !== 'GradientBoostingClassifier') throw new ArgumentError(`GradientBoostingClassifier.fromJSON: expected type 'GradientBoostingClassifier', got ${String(json?.type)}`);
    const model = new GradientBoostingClassifier(json.params as Partial<GradientBoostingClassifierParams>);
    const s = model.restoreBoosting(json.state, 'GradientBoostingClassifier.fromJSON');
    if (s !== null) {
      const classes = s.classes;
      if (!Array.isArray(classes) || classes.length < 2 || (classes.length === 2 ? 1 : classes.length) !== model.init!.length) throw new ArgumentError('GradientBoostingClassifier.fromJSON: classes do not fit the raw scores');
      model.classList = classes as number[] | string[];
    }
    return model;
  }
}
