// AdaBoost.R2 (Drucker 1997, "Improving regressors using boosting techniques") as scikit-learn's
// AdaBoostRegressor: each round fits a clone of the base estimator (a depth-3 tree by default) to a
// weighted bootstrap of the training set, scores every sample's loss (linear, square or
// exponential in |error| / max |error|), and weighs the round by log(1 / beta), beta = err / (1 -
// err); predictions are the weighted median of the rounds. Seeds and the bootstrap draw come from
// numpy's RandomState(randomState) in scikit-learn's order.
import { type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf } from '../tree/base-decision-tree.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { r2Score } from '../tree/scores.ts';
import { checkOneOf } from '../tree/tree-params.ts';
import { type AdaBoostParams, BaseAdaBoost, type BoostRound } from './base-adaboost.ts';
import { type MemberRegressor, metaParamsOf, type Revivers, type WeightedFitOptions } from './meta-estimator.ts';

export interface AdaBoostRegressorParams extends AdaBoostParams<MemberRegressor> {
  loss: 'linear' | 'square' | 'exponential';
}

const DEFAULTS: AdaBoostRegressorParams = { estimator: null, nEstimators: 50, learningRate: 1, loss: 'linear', randomState: null };

/** Rows of a row-major matrix, repeated as drawn. */
function takeMatrixRows(m: Matrix, rows: Int32Array): Matrix {
  const out = new Float64Array(rows.length * m.cols);
  for (let j = 0; j < rows.length; j++) out.set(m.data.subarray(rows[j]! * m.cols, (rows[j]! + 1) * m.cols), j * m.cols);
  return { rows: rows.length, cols: m.cols, data: out };
}

export class AdaBoostRegressor extends BaseAdaBoost<MemberRegressor, AdaBoostRegressorParams> {
  constructor(params?: Partial<AdaBoostRegressorParams>) {
    super(DEFAULTS, params);
  }

  protected typeName(): string {
    return 'AdaBoostRegressor';
  }

  protected override validateParams(p: AdaBoostRegressorParams): void {
    this.checkBoostingParams(p, 'regressor');
    checkOneOf(p.loss, ['linear', 'square', 'exponential'], 'AdaBoostRegressor: loss');
  }

  /** AdaBoost.R2: each round's member is fitted on a bootstrap drawn with the sample weights; beta = err / (1 - err) shrinks the weights of the samples it predicted well. */
  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const p = this.params;
    const m = toMatrix(X, 'AdaBoostRegressor: X');
    const targets = toTargets(y, m.rows, 'AdaBoostRegressor: y');
    const n = m.rows;
    const w = sampleWeightsOf(options?.sampleWeight, n, 'AdaBoostRegressor.fit');
    const cdf = new Float64Array(n);
    const fitRound = (member: MemberRegressor, w: Float64Array, random: { random(): number }): BoostRound => {
      // numpy's choice(n, n, p=w): cumulative weights, normalised by the last, searched (side right) with uniforms
      let acc = 0;
      for (let i = 0; i < n; i++) cdf[i] = acc += w[i]!;
      for (let i = 0; i < n; i++) cdf[i]! /= acc;
      const sample = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const u = random.random();
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! <= u) lo = mid + 1;
          else hi = mid;
        }
        sample[j] = Math.min(lo, n - 1);
      }
      member.fit(takeMatrixRows(m, sample), Array.from(sample, (i) => targets[i]!));
      const predicted = member.predict(m);
      const lossOf = new Float64Array(n);
      let maxError = 0;
      for (let i = 0; i < n; i++) {
        if (!(w[i]! > 0)) continue;
        lossOf[i] = Math.abs(predicted[i]! - targets[i]!);
        if (lossOf[i]! > maxError) maxError = lossOf[i]!;
      }
      let error = 0;
      for (let i = 0; i < n; i++) {
        if (!(w[i]! > 0)) continue;
        let l = maxError !== 0 ? lossOf[i]! / maxError : lossOf[i]!;
        if (p.loss === 'square') l *= l;
        else if (p.loss === 'exponential') l = 1 - Math.exp(-l);
        lossOf[i] = l;
        error += w[i]! * l;
      }
      const beta = error / (1 - error);
      return {
        error,
        reweight: (w) => {
          for (let i = 0; i < n; i++) if (w[i]! > 0) w[i]! *= Math.pow(beta, (1 - lossOf[i]!) * p.learningRate);
        },
      };
    };
    this.boost(w, p.estimator ?? new DecisionTreeRegressor({ maxDepth: 3 }), {
      errorLimit: 0.5,
      firstRoundFails: 'the first round has a weighted loss >= 0.5',
      alphaOf: (err) => p.learningRate * Math.log(1 / (err / (1 - err))), // scikit-learn's log(1 / beta)
      fitRound,
    }, options);
    return this;
  }

  /** The weighted median of the rounds' predictions (the first round whose cumulative weight reaches half). */
  predict(X: MatrixInput): Float64Array {
    const m = toMatrix(X, 'AdaBoostRegressor: X');
    const members = this.estimators;
    const predictions = members.map((e) => e.predict(m));
    const out = new Float64Array(m.rows);
    const order = members.map((_, t) => t);
    for (let i = 0; i < m.rows; i++) {
      order.sort((a, b) => predictions[a]![i]! - predictions[b]![i]! || a - b);
      let total = 0;
      for (const t of order) total += this.weights![t]!;
      let acc = 0;
      let pick = order[order.length - 1]!;
      for (const t of order) {
        acc += this.weights![t]!;
        if (acc >= 0.5 * total) {
          pick = t;
          break;
        }
      }
      out[i] = predictions[pick]![i]!;
    }
    return out;
  }

  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'AdaBoostRegressor.score: y'));
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): AdaBoostRegressor {
    return new AdaBoostRegressor(metaParamsOf(json, 'AdaBoostRegressor', revivers) as Partial<AdaBoostRegressorParams>).restore(json, revivers);
  }
}
