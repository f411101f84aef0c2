// Voting ensembles (scikit-learn's VotingClassifier and VotingRegressor): clones of the given
// estimators fitted on the same data; a classifier takes the weighted majority of the predicted
// labels ('hard', ties to the first class) or the argmax of the weighted mean probabilities
// ('soft'); a regressor the weighted mean prediction.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { cloneEstimator } from '../base/clone-estimator.ts';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import { decodeLabels, encodeLabels, toTargets } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { argmaxRows } from '../tree/decision-tree-classifier.ts';
import { accuracy, r2Score } from '../tree/scores.ts';
import { checkOneOf } from '../tree/tree-params.ts';
import { alignedProba, type MemberClassifier, type MemberRegressor, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';

export type Named<T> = readonly [string, T];

export function checkNamed(list: unknown, what: string): void {
  if (!Array.isArray(list) || list.length === 0) throw new ArgumentError(`${what} must be a non-empty array of [name, estimator] pairs`);
  const names = new Set<string>();
  for (const item of list) {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || item[1] === null || typeof item[1] !== 'object' || typeof item[1].fit !== 'function') {
      throw new ArgumentError(`${what}: each entry must be [name, estimator]`);
    }
    if (names.has(item[0])) throw new ArgumentError(`${what}: the name "${item[0]}" appears twice`);
    names.add(item[0]);
  }
}

function checkWeights(weights: unknown, count: number, what: string): void {
  if (weights === null) return;
  if (!Array.isArray(weights) || weights.length !== count || weights.some((w) => typeof w !== 'number' || !Number.isFinite(w))) throw new ArgumentError(`${what} must be null or ${count} finite numbers`);
}

function weightsOf(weights: readonly number[] | null, count: number): number[] {
  return weights === null ? new Array(count).fill(1) : [...weights];
}

function namedJSON(list: readonly Named<{ toJSON?(): EstimatorJSON }>[], what: string): [string, EstimatorJSON][] {
  return list.map(([name, e]) => [name, memberJSON(e, what)]);
}

function reviveNamed<T>(list: unknown, revivers: Revivers | undefined, what: string): Named<T>[] {
  if (!Array.isArray(list)) throw new ArgumentError(`${what}: expected [name, estimator] pairs`);
  return list.map((item) => {
    if (!Array.isArray(item) || typeof item[0] !== 'string') throw new ArgumentError(`${what}: expected [name, estimator] pairs`);
    return [item[0], reviveMember<T>(item[1], revivers, what)] as const;
  });
}

export interface VotingClassifierParams {
  [key: string]: unknown;
  estimators: readonly Named<MemberClassifier>[];
  voting: 'hard' | 'soft';
  weights: readonly number[] | null;
}

export class VotingClassifier extends BaseEstimator<VotingClassifierParams> {
  private members: Named<MemberClassifier>[] | undefined;
  private classList: number[] | string[] | undefined;

  constructor(params?: Partial<VotingClassifierParams>) {
    super({ estimators: [], voting: 'hard', weights: null }, params);
  }

  protected override validateParams(p: VotingClassifierParams): void {
    if (!Array.isArray(p.estimators)) throw new ArgumentError('VotingClassifier: estimators must be an array of [name, estimator] pairs');
    if (p.estimators.length > 0) checkNamed(p.estimators, 'VotingClassifier: estimators');
    checkOneOf(p.voting, ['hard', 'soft'], 'VotingClassifier: voting');
    checkWeights(p.weights, p.estimators.length, 'VotingClassifier: weights');
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  /** The fitted clones by name. */
  get namedEstimators(): Record<string, MemberClassifier> {
    return Object.fromEntries(this.fitted(this.members, 'namedEstimators'));
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    checkNamed(this.params.estimators, 'VotingClassifier: estimators');
    const m = toMatrix(X, 'VotingClassifier: X');
    const { classes } = encodeLabels(y, m.rows, 'VotingClassifier: y');
    const members: Named<MemberClassifier>[] = [];
    this.params.estimators.forEach(([name, estimator], i) => {
      checkAborted(options, 'VotingClassifier.fit');
      const member = cloneEstimator(estimator, {}, `VotingClassifier: ${name}`);
      member.fit(m, y);
      members.push([name, member]);
      report(options, { stage: 'estimator', done: i + 1, total: this.params.estimators.length });
    });
    this.members = members;
    this.classList = classes;
    return this;
  }

  /** Weighted mean of the members' probabilities ('soft' voting only in scikit-learn; here for either). */
  predictProba(X: MatrixInput): Matrix {
    const members = this.fitted(this.members, 'predictProba');
    const m = toMatrix(X, 'VotingClassifier: X');
    const w = weightsOf(this.params.weights, members.length);
    const total = w.reduce((a, b) => a + b, 0);
    const K = this.classes.length;
    const data = new Float64Array(m.rows * K);
    members.forEach(([, member], t) => {
      const p = alignedProba(member, m, m.rows, this.classes);
      for (let i = 0; i < data.length; i++) data[i]! += w[t]! * p.data[i]!;
    });
    for (let i = 0; i < data.length; i++) data[i]! /= total;
    return { rows: m.rows, cols: K, data };
  }

  predict(X: MatrixInput): number[] | string[] {
    if (this.params.voting === 'soft') return decodeLabels(this.classes, argmaxRows(this.predictProba(X)));
    const members = this.fitted(this.members, 'predict');
    const m = toMatrix(X, 'VotingClassifier: X');
    const w = weightsOf(this.params.weights, members.length);
    const K = this.classes.length;
    const index = new Map<number | string, number>();
    this.classes.forEach((c, k) => index.set(c, k));
    const votes = new Float64Array(m.rows * K);
    members.forEach(([, member], t) => {
      const predicted = member.predict(m);
      for (let i = 0; i < m.rows; i++) votes[i * K + index.get(predicted[i]!)!]! += w[t]!;
    });
    return decodeLabels(this.classes, argmaxRows({ rows: m.rows, cols: K, data: votes }));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  toJSON(): EstimatorJSON {
    const params = { ...this.params, estimators: namedJSON(this.params.estimators, 'VotingClassifier.toJSON') };
    const state = this.members && { classes: this.classList, members: namedJSON(this.members, 'VotingClassifier.toJSON') };
    return { type: 'VotingClassifier', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): VotingClassifier {
    if (json?.type !== 'VotingClassifier') throw new ArgumentError(`VotingClassifier.fromJSON: expected type 'VotingClassifier', got ${String(json?.type)}`);
    const p = json.params as Record<string, unknown>;
    const model = new VotingClassifier({ ...p, estimators: reviveNamed<MemberClassifier>(p.estimators, revivers, 'VotingClassifier.fromJSON') } as Partial<VotingClassifierParams>);
    const s = json.state as { classes: number[] | string[]; members: unknown } | null;
    if (s) {
      model.members = reviveNamed<MemberClassifier>(s.members, revivers, 'VotingClassifier.fromJSON');
      model.classList = s.classes;
    }
    return model;
  }
}

export interface VotingRegressorParams {
  [key: string]: unknown;
  estimators: readonly Named<MemberRegressor>[];
  weights: readonly number[] | null;
}

export class VotingRegressor extends BaseEstimator<VotingRegressorParams> {
  private members: Named<MemberRegressor>[] | undefined;

  constructor(params?: Partial<VotingRegressorParams>) {
    super({ estimators: [], weights: null }, params);
  }

  protected override validateParams(p: VotingRegressorParams): void {
    if (!Array.isArray(p.estimators)) throw new ArgumentError('VotingRegressor: estimators must be an array of [name, estimator] pairs');
    if (p.estimators.length > 0) checkNamed(p.estimators, 'VotingRegressor: estimators');
    checkWeights(p.weights, p.estimators.length, 'VotingRegressor: weights');
  }

  get namedEstimators(): Record<string, MemberRegressor> {
    return Object.fromEntries(this.fitted(this.members, 'namedEstimators'));
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    checkNamed(this.params.estimators, 'VotingRegressor: estimators');
    const m = toMatrix(X, 'VotingRegressor: X');
    const targets = toTargets(y, m.rows, 'VotingRegressor: y');
    const members: Named<MemberRegressor>[] = [];
    this.params.estimators.forEach(([name, estimator], i) => {
      checkAborted(options, 'VotingRegressor.fit');
      const member = cloneEstimator(estimator, {}, `VotingRegressor: ${name}`);
      member.fit(m, targets);
      members.push([name, member]);
      report(options, { stage: 'estimator', done: i + 1, total: this.params.estimators.length });
    });
    this.members = members;
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    const members = this.fitted(this.members, 'predict');
    const m = toMatrix(X, 'VotingRegressor: X');
    const w = weightsOf(this.params.weights, members.length);
    const total = w.reduce((a, b) => a + b, 0);
    const out = new Float64Array(m.rows);
    members.forEach(([, member], t) => {
      const p = member.predict(m);
      for (let i = 0; i < m.rows; i++) out[i]! += w[t]! * p[i]!;
    });
    for (let i = 0; i < m.rows; i++) out[i]! /= total;
    return out;
  }

  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'VotingRegressor.score: y'));
  }

  toJSON(): EstimatorJSON {
    const params = { ...this.params, estimators: namedJSON(this.params.estimators, 'VotingRegressor.toJSON') };
    const state = this.members && { members: namedJSON(this.members, 'VotingRegressor.toJSON') };
    return { type: 'VotingRegressor', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): VotingRegressor {
    if (json?.type !== 'VotingRegressor') throw new ArgumentError(`VotingRegressor.fromJSON: expected type 'VotingRegressor', got ${String(json?.type)}`);
    const p = json.params as Record<string, unknown>;
    const model = new VotingRegressor({ ...p, estimators: reviveNamed<MemberRegressor>(p.estimators, revivers, 'VotingRegressor.fromJSON') } as Partial<VotingRegressorParams>);
    const s = json.state as { members: unknown } | null;
    if (s) model.members = reviveNamed<MemberRegressor>(s.members, revivers, 'VotingRegressor.fromJSON');
    return model;
  }
}

export { namedJSON, reviveNamed };
