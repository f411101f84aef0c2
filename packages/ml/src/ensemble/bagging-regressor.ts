// Bagging regressor: members' predictions averaged; a decision tree by default.
import { ArgumentError, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import { toTargets } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { r2Score } from '../tree/scores.ts';
import { BAGGING_DEFAULTS, type BaggingParams, checkBaggingParams, fitBagging, subMatrix } from './bagging.ts';
import { cloneWithSeed, type MemberRegressor, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';

export interface BaggingRegressorParams extends BaggingParams {
  /** null: DecisionTreeRegressor(). */
  estimator: MemberRegressor | null;
}

export class BaggingRegressor extends BaseEstimator<BaggingRegressorParams> {
  private members: MemberRegressor[] | undefined;
  private featureSets: Int32Array[] | undefined;
  private nFeatures: number | undefined;
  private oob: number | undefined;

  constructor(params?: Partial<BaggingRegressorParams>) {
    super({ estimator: null, ...BAGGING_DEFAULTS }, params);
  }

  protected override validateParams(p: BaggingRegressorParams): void {
    checkBaggingParams(p, 'BaggingRegressor');
    if (p.estimator !== null && (typeof p.estimator !== 'object' || typeof p.estimator.fit !== 'function')) throw new ArgumentError('BaggingRegressor: estimator must be null or a regressor');
  }

  get estimators(): MemberRegressor[] {
    return this.fitted(this.members, 'estimators');
  }

  get estimatorsFeatures(): Int32Array[] {
    return this.fitted(this.featureSets, 'estimatorsFeatures');
  }

  /** R^2 of the out-of-bag predictions over the rows some member left out. */
  get oobScore(): number {
    return this.fitted(this.oob, 'oobScore');
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const m = toMatrix(X, 'BaggingRegressor: X');
    const targets = toTargets(y, m.rows, 'BaggingRegressor: y');
    const base = this.params.estimator ?? new DecisionTreeRegressor();
    const members: MemberRegressor[] = [];
    const draws = fitBagging(m, this.params, options, 'BaggingRegressor', (draw, seed) => {
      const member = cloneWithSeed(base, seed, 'BaggingRegressor: estimator');
      member.fit(subMatrix(m, draw.rows, draw.features), Array.from(draw.rows, (r) => targets[r]!));
      members.push(member);
    });
    this.oob = undefined;
    if (this.params.oobScore) {
      const sum = new Float64Array(m.rows);
      const count = new Int32Array(m.rows);
      members.forEach((member, t) => {
        const rows: number[] = [];
        for (let i = 0; i < m.rows; i++) if (!draws[t]!.inBag[i]) rows.push(i);
        if (rows.length === 0) return;
        const p = member.predict(subMatrix(m, rows, draws[t]!.features));
        rows.forEach((r, j) => {
          sum[r]! += p[j]!;
          count[r]!++;
        });
      });
      const seen: number[] = [];
      for (let i = 0; i < m.rows; i++) if (count[i]! > 0) seen.push(i);
      this.oob = r2Score(seen.map((i) => sum[i]! / count[i]!), seen.map((i) => targets[i]!));
    }
    this.members = members;
    this.featureSets = draws.map((d) => d.features);
    this.nFeatures = m.cols;
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    const members = this.estimators;
    const m = toMatrix(X, 'BaggingRegressor: X');
    if (m.cols !== this.nFeatures) throw new ShapeError(`BaggingRegressor: X has ${m.cols} features, the ensemble was fitted on ${this.nFeatures}`);
    const out = new Float64Array(m.rows);
    members.forEach((member, t) => {
      const p = member.predict(subMatrix(m, null, this.featureSets![t]!));
      for (let i = 0; i < m.rows; i++) out[i]! += p[i]!;
    });
    for (let i = 0; i < m.rows; i++) out[i]! /= members.length;
    return out;
  }

  score(X: MatrixInput, y: Labels): number {
    return r2Score(this.predict(X), toTargets(y, undefined, 'BaggingRegressor.score: y'));
  }

  toJSON(): EstimatorJSON {
    const { estimator, ...rest } = this.params;
    const params = { ...rest, estimator: estimator === null ? null : memberJSON(estimator, 'BaggingRegressor.toJSON') };
    const state = this.members && { nFeaturesIn: this.nFeatures, features: this.featureSets!.map((f) => Array.from(f)), members: this.members.map((e) => memberJSON(e, 'BaggingRegressor.toJSON')) };
    return { type: 'BaggingRegressor', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): BaggingRegressor {
    if (json?.type !== 'BaggingRegressor') throw new ArgumentError(`BaggingRegressor.fromJSON: expected type 'BaggingRegressor', got ${String(json?.type)}`);
    const params = { ...(json.params as Record<string, unknown>) };
    params.estimator = params.estimator ? reviveMember(params.estimator, revivers, 'BaggingRegressor.fromJSON') : null;
    const model = new BaggingRegressor(params as Partial<BaggingRegressorParams>);
    const s = json.state as { nFeaturesIn: number; features: number[][]; members: unknown[] } | null;
    if (s) {
      if (!Array.isArray(s.members) || !Array.isArray(s.features) || s.features.length !== s.members.length || !Number.isInteger(s.nFeaturesIn)) throw new ArgumentError('BaggingRegressor.fromJSON: bad state');
      for (const f of s.features) if (!Array.isArray(f) || f.some((v) => !Number.isInteger(v) || v < 0 || v >= s.nFeaturesIn)) throw new ArgumentError('BaggingRegressor.fromJSON: feature index out of range');
      model.members = s.members.map((e) => reviveMember<MemberRegressor>(e, revivers, 'BaggingRegressor.fromJSON'));
      model.featureSets = s.features.map((f) => Int32Array.from(f));
      model.nFeatures = s.nFeaturesIn;
    }
    return model;
  }
}
