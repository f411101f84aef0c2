// What AdaBoostClassifier (SAMME) and AdaBoostRegressor (AdaBoost.R2) share: their hyperparameters
// and checks, the boosting loop as scikit-learn's BaseWeightBoosting.fit runs it (weights
// normalised, each round a clone seeded from numpy's RandomState(randomState), a perfect round kept
// with weight 1 and the loop stopped, a round at or past the error limit ending it (an error on the
// first), the round's weight from its error, the samples reweighted and renormalised), the fitted
// members, weights and errors, and their JSON with the base estimator and members as nested JSON.
import { ArgumentError } from '@neurite/tensor';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { MAX_INT32, NumpyRandomState } from '../base/numpy-random-state.ts';
import type { FitOptions, Params } from '../base/protocol.ts';
import { checkPositiveInteger, checkRandomState, drawSeed } from '../tree/tree-params.ts';
import { cloneWithSeed, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';

export interface AdaBoostParams<M> {
  [key: string]: unknown;
  /** null: the class's default tree. Its fit must take options.sampleWeight (the classifier's). */
  estimator: M | null;
  nEstimators: number;
  learningRate: number;
  randomState: number | null;
}

export function checkLearningRate(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new ArgumentError(`${what} must be a finite number > 0, got ${String(value)}`);
}

/** One fitted round: its weighted error, and how to reweight the samples given the round's weight. */
export interface BoostRound {
  error: number;
  reweight(w: Float64Array, alpha: number): void;
}

/** How a subclass boosts: the error limit, a round's weight, and one round's fit. */
export interface BoostingRule<M> {
  /** A round with this error or more ends the boosting. */
  errorLimit: number;
  /** The message when the first round reaches the limit. */
  firstRoundFails: string;
  alphaOf(error: number): number;
  /** Fits `member` with the current weights (random draws from `random`, after the member's seed) and scores it. */
  fitRound(member: M, w: Float64Array, random: NumpyRandomState): BoostRound;
}

function normalise(w: Float64Array): boolean {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  if (!Number.isFinite(total) || total <= 0) return false;
  for (let i = 0; i < w.length; i++) w[i]! /= total;
  return true;
}

export abstract class BaseAdaBoost<M extends { getParams(): Params; fit: unknown; toJSON?(): EstimatorJSON }, P extends AdaBoostParams<M>> extends BaseEstimator<P> {
  protected members: M[] | undefined;
  protected weights: Float64Array | undefined;
  protected errors: Float64Array | undefined;

  protected abstract typeName(): string;

  protected checkBoostingParams(p: P, kind: string): void {
    const name = this.typeName();
    checkPositiveInteger(p.nEstimators, `${name}: nEstimators`);
    checkLearningRate(p.learningRate, `${name}: learningRate`);
    checkRandomState(p.randomState, `${name}: randomState`);
    const e = p.estimator as { fit?: unknown } | null;
    if (e !== null && (typeof e !== 'object' || typeof e.fit !== 'function')) throw new ArgumentError(`${name}: estimator must be null or a ${kind}`);
  }

  get estimators(): M[] {
    return this.fitted(this.members, 'estimators');
  }

  /** Each round's weight (zeros after an early stop), scikit-learn's estimator_weights_. */
  get estimatorWeights(): Float64Array {
    return this.fitted(this.weights, 'estimatorWeights');
  }

  /** Each round's weighted training error (1 after an early stop), scikit-learn's estimator_errors_. */
  get estimatorErrors(): Float64Array {
    return this.fitted(this.errors, 'estimatorErrors');
  }

  /** Runs the boosting rounds from the sample weights `w` (normalised here, then updated in place) and keeps the fitted rounds. */
  protected boost(w: Float64Array, base: M, rule: BoostingRule<M>, options: FitOptions | undefined): void {
    const p = this.params;
    const name = this.typeName();
    normalise(w);
    const random = new NumpyRandomState(p.randomState ?? drawSeed(null));
    const members: M[] = [];
    const weights = new Float64Array(p.nEstimators);
    const errors = new Float64Array(p.nEstimators).fill(1);
    for (let round = 0; round < p.nEstimators; round++) {
      checkAborted(options, `${name}.fit`);
      const member = cloneWithSeed(base, random.randint(0, MAX_INT32), `${name}: estimator`);
      const r = rule.fitRound(member, w, random);
      if (r.error <= 0) {
        members.push(member);
        weights[round] = 1;
        errors[round] = 0;
        break;
      }
      if (r.error >= rule.errorLimit) {
        if (members.length === 0) throw new ArgumentError(`${name}: ${rule.firstRoundFails}; boosting cannot start`);
        break;
      }
      const alpha = rule.alphaOf(r.error);
      members.push(member);
      weights[round] = alpha;
      errors[round] = r.error;
      report(options, { stage: 'boosting', done: round + 1, total: p.nEstimators, value: r.error });
      if (round === p.nEstimators - 1) break;
      r.reweight(w, alpha);
      if (!normalise(w)) break;
    }
    this.members = members;
    this.weights = weights;
    this.errors = errors;
  }

  /** The state besides the rounds that toJSON writes (the classes). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  /** Restores extraState's entries. */
  protected restoreExtra(_state: Record<string, unknown>, _what: string): void {}

  toJSON(): EstimatorJSON {
    const name = this.typeName();
    const { estimator, ...rest } = this.params;
    const params = { ...rest, estimator: estimator === null ? null : memberJSON(estimator, `${name}.toJSON`) };
    const state = this.members && {
      ...this.extraState(), weights: Array.from(this.weights!), errors: Array.from(this.errors!), members: this.members.map((e) => memberJSON(e, `${name}.toJSON`)),
    };
    return { type: name, params, state: state ?? null };
  }

  /** Restores the fitted rounds of `json` into this model (built from metaParamsOf). */
  protected restore(json: EstimatorJSON, revivers: Revivers | undefined): this {
    const what = `${this.typeName()}.fromJSON`;
    const s = json.state as { weights: number[]; errors: number[]; members: unknown[] } | null;
    if (!s) return this;
    if (!Array.isArray(s.members) || !Array.isArray(s.weights) || !Array.isArray(s.errors) || s.weights.length !== this.params.nEstimators || s.errors.length !== s.weights.length) {
      throw new ArgumentError(`${what}: bad state`);
    }
    this.restoreExtra(s as unknown as Record<string, unknown>, what);
    this.members = s.members.map((e) => reviveMember<M>(e, revivers, what));
    this.weights = Float64Array.from(s.weights);
    this.errors = Float64Array.from(s.errors);
    return this;
  }
}
