// AdaBoost.R2 (Drucker 1997, "Improving regressors using boosting techniques") as scikit-learn's
// AdaBoostRegressor: each round fits a clone of the base estimator (a depth-3 tree by default) to a
// weighted bootstrap of the training set, scores every sample's loss (linear, square or
// exponential in |error| / max |error|), and weighs the round by log(1 / beta), beta = err / (1 -
// err); predictions are the weighted median of the rounds. Seeds and the bootstrap draw come from
// numpy's RandomState(randomState) in scikit-learn's order.
import { ArgumentError, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import { MAX_INT32, NumpyRandomState } from '../base/numpy-random-state.ts';
import type { Labels } from '../base/protocol.ts';
import { sampleWeightsOf } from '../tree/base-decision-tree.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { r2Score } from '../tree/scores.ts';
import { checkOneOf, checkPositiveInteger, checkRandomState, drawSeed } from '../tree/tree-params.ts';
import { checkLearningRate } from './adaboost-classifier.ts';
import { cloneWithSeed, type MemberRegressor, memberJSON, reviveMember, type Revivers, type WeightedFitOptions } from './meta-estimator.ts';

export interface AdaBoostRegressorParams {
  [key: string]: unknown;
  /** null: DecisionTreeRegressor({ maxDepth: 3 }). */
  estimator: MemberRegressor | null;
  nEstimators: number;
  learningRate: number;
  loss: 'linear' | 'square' | 'exponential';
  randomState: number | null;
}

const DEFAULTS: AdaBoostRegressorParams = { estimator: null, nEstimators: 50, learningRate: 1, loss: 'linear', randomState: null };

function rowsOf(data: Float64Array, cols: number, rows: Int32Array): { rows: number; cols: number; data: Float64Array } {
  const out = new Float64Array(rows.length * cols);
  for (let j = 0; j < rows.length; j++) out.set(data.subarray(rows[j]! * cols, (rows[j]! + 1) * cols), j * cols);
  return { rows: rows.length, cols, data: out };
}

export class AdaBoostRegressor extends BaseEstimator<AdaBoostRegressorParams> {
  private members: MemberRegressor[] | undefined;
  private weights: Float64Array | undefined;
  private errors: Float64Array | undefined;

  constructor(params?: Partial<AdaBoostRegressorParams>) {
    super(DEFAULTS, params);
  }

  protected override validateParams(p: AdaBoostRegressorParams): void {
    checkPositiveInteger(p.nEstimators, 'AdaBoostRegressor: nEstimators');
    checkLearningRate(p.learningRate, 'AdaBoostRegressor: learningRate');
    checkOneOf(p.loss, ['linear', 'square', 'exponential'], 'AdaBoostRegressor: loss');
    checkRandomState(p.randomState, 'AdaBoostRegressor: randomState');
    if (p.estimator !== null && (typeof p.estimator !== 'object' || typeof p.estimator.fit !== 'function')) throw new ArgumentError('AdaBoostRegressor: estimator must be null or a regressor');
  }

  get estimators(): MemberRegressor[] {
    return this.fitted(this.members, 'estimators');
  }

  get estimatorWeights(): Float64Array {
    return this.fitted(this.weights, 'estimatorWeights');
  }

  get estimatorErrors(): Float64Array {
    return this.fitted(this.errors, 'estimatorErrors');
  }

  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): this {
    const p = this.params;
    const m = toMatrix(X, 'AdaBoostRegressor: X');
    const targets = toTargets(y, m.rows, 'AdaBoostRegressor: y');
    const n = m.rows;
    const w = sampleWeightsOf(options?.sampleWeight, n, 'AdaBoostRegressor.fit');
    let total = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) w[i]! /= total;
    const base: MemberRegressor = p.estimator ?? new DecisionTreeRegressor({ maxDepth: 3 });
    const state = new NumpyRandomState(p.randomState ?? drawSeed(null));
    const members: MemberRegressor[] = [];
    const weights = new Float64Array(p.nEstimators);
    const errors = new Float64Array(p.nEstimators).fill(1);
    const cdf = new Float64Array(n);
    for (let round = 0; round < p.nEstimators; round++) {
      checkAborted(options, 'AdaBoostRegressor.fit');
      const member = cloneWithSeed(base, state.randint(0, MAX_INT32), 'AdaBoostRegressor: estimator');
      // numpy's choice(n, n, p=w): cumulative weights, normalised by the last, searched (side right) with uniforms
      let acc = 0;
      for (let i = 0; i < n; i++) cdf[i] = acc += w[i]!;
      for (let i = 0; i < n; i++) cdf[i]! /= acc;
      const sample = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const u = state.random();
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! <= u) lo = mid + 1;
          else hi = mid;
        }
        sample[j] = Math.min(lo, n - 1);
      }
      member.fit(rowsOf(m.data, m.cols, sample), Array.from(sample, (i) => targets[i]!));
      const predicted = member.predict(m);
      const lossOf = new Float64Array(n);
      let maxError = 0;
      for (let i = 0; i < n; i++) {
        if (!(w[i]! > 0)) continue;
        lossOf[i] = Math.abs(predicted[i]! - targets[i]!);
        if (lossOf[i]! > maxError) maxError = lossOf[i]!;
      }
      let err = 0;
      for (let i = 0; i < n; i++) {
        if (!(w[i]! > 0)) continue;
        let l = maxError !== 0 ? lossOf[i]! / maxError : lossOf[i]!;
        if (p.loss === 'square') l *= l;
        else if (p.loss === 'exponential') l = 1 - Math.exp(-l);
        lossOf[i] = l;
        err += w[i]! * l;
      }
      if (err <= 0) {
        members.push(member);
        weights[round] = 1;
        errors[round] = 0;
        break;
      }
      if (err >= 0.5) {
        if (members.length === 0) throw new ArgumentError('AdaBoostRegressor: the first round has a weighted loss >= 0.5; boosting cannot start');
        break;
      }
      const beta = err / (1 - err);
      members.push(member);
      weights[round] = p.learningRate * Math.log(1 / beta);
      errors[round] = err;
      report(options, { stage: 'boosting', done: round + 1, total: p.nEstimators, value: err });
      if (round === p.nEstimators - 1) break;
      for (let i = 0; i < n; i++) if (w[i]! > 0) w[i]! *= Math.pow(beta, (1 - lossOf[i]!) * p.learningRate);
      total = w.reduce((a, b) => a + b, 0);
      if (!Number.isFinite(total) || total <= 0) break;
      for (let i = 0; i < n; i++) w[i]! /= total;
    }
    this.members = members;
    this.weights = weights;
    this.errors = errors;
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

  toJSON(): EstimatorJSON {
    const { estimator, ...rest } = this.params;
    const params = { ...rest, estimator: estimator === null ? null : memberJSON(estimator, 'AdaBoostRegressor.toJSON') };
    const state = this.members && { weights: Array.from(this.weights!), errors: Array.from(this.errors!), members: this.members.map((e) => memberJSON(e, 'AdaBoostRegressor.toJSON')) };
    return { type: 'AdaBoostRegressor', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): AdaBoostRegressor {
    if (json?.type !== 'AdaBoostRegressor') throw new ArgumentError(`AdaBoostRegressor.fromJSON: expected type 'AdaBoostRegressor', got ${String(json?.type)}`);
    const params = { ...(json.params as Record<string, unknown>) };
    params.estimator = params.estimator ? reviveMember(params.estimator, revivers, 'AdaBoostRegressor.fromJSON') : null;
    const model = new AdaBoostRegressor(params as Partial<AdaBoostRegressorParams>);
    const s = json.state as { weights: number[]; errors: number[]; members: unknown[] } | null;
    if (s) {
      if (!Array.isArray(s.members) || !Array.isArray(s.weights) || s.weights.length !== model.params.nEstimators) throw new ArgumentError('AdaBoostRegressor.fromJSON: bad state');
      model.members = s.members.map((e) => reviveMember<MemberRegressor>(e, revivers, 'AdaBoostRegressor.fromJSON'));
      model.weights = Float64Array.from(s.weights);
      model.errors = Float64Array.from(s.errors);
    }
    return model;
  }
}
