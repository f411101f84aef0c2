// What BaggingClassifier and BaggingRegressor share: hyperparameters and their checks, fitting the
// members on their draws (./bagging.ts), the members' outputs summed out of bag and averaged for
// predictions, the fitted members and feature subsets, and their JSON. A subclass says what a
// member outputs per row (class probabilities or one prediction) and scores the out-of-bag sums.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import type { FitOptions, Labels, Params } from '../base/protocol.ts';
import { type BaggingDraw, type BaggingParams, checkBaggingParams, fitBagging, subMatrix } from './bagging.ts';
import { cloneWithSeed, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';

type Member = { getParams(): Params; fit(X: MatrixInput, y: Labels): unknown; toJSON?(): EstimatorJSON };

export interface BaseBaggingParams<M> extends BaggingParams {
  /** null: a decision tree of the ensemble's kind. */
  estimator: M | null;
}

export abstract class BaseBagging<M extends Member, P extends BaseBaggingParams<M>> extends BaseEstimator<P> {
  protected members: M[] | undefined;
  protected featureSets: Int32Array[] | undefined;
  protected nFeatures: number | undefined;
  protected oob: number | undefined;

  protected abstract typeName(): string;
  /** 'classifier' or 'regressor' (messages). */
  protected abstract kind(): string;
  /** The member's outputs on X (`rows` rows): rows x width, row-major. */
  protected abstract memberOutputs(member: M, X: Matrix, rows: number): ArrayLike<number>;

  protected override validateParams(p: P): void {
    const name = this.typeName();
    checkBaggingParams(p, name);
    const e = p.estimator as { fit?: unknown } | null;
    if (e !== null && (typeof e !== 'object' || typeof e.fit !== 'function')) throw new ArgumentError(`${name}: estimator must be null or a ${this.kind()}`);
  }

  get estimators(): M[] {
    return this.fitted(this.members, 'estimators');
  }

  /** The columns each member was fitted on. */
  get estimatorsFeatures(): Int32Array[] {
    return this.fitted(this.featureSets, 'estimatorsFeatures');
  }

  /** The score of the out-of-bag predictions over the training set (oobScore: true); not kept by toJSON. */
  get oobScore(): number {
    return this.fitted(this.oob, 'oobScore');
  }

  /** Fits a clone of `base` per draw on its rows (targets `y` by row) and columns; keeps the members and their columns. */
  protected fitMembers(m: Matrix, y: ArrayLike<number>, base: M, options: FitOptions | undefined): BaggingDraw[] {
    const name = this.typeName();
    const members: M[] = [];
    const draws = fitBagging(m, this.params, options, name, (draw, seed) => {
      const member = cloneWithSeed(base, seed, `${name}: estimator`);
      member.fit(subMatrix(m, draw.rows, draw.features), Array.from(draw.rows, (r) => y[r]!));
      members.push(member);
    });
    this.members = members;
    this.featureSets = draws.map((d) => d.features);
    this.nFeatures = m.cols;
    return draws;
  }

  /** Sums of the members' outputs (`width` per row) over the members that left each row out of their draw, and how many did. */
  protected outOfBagSums(m: Matrix, draws: readonly BaggingDraw[], width: number): { sum: Float64Array; count: Int32Array } {
    const sum = new Float64Array(m.rows * width);
    const count = new Int32Array(m.rows);
    this.members!.forEach((member, t) => {
      const rows: number[] = [];
      for (let i = 0; i < m.rows; i++) if (!draws[t]!.inBag[i]) rows.push(i);
      if (rows.length === 0) return;
      const out = this.memberOutputs(member, subMatrix(m, rows, draws[t]!.features), rows.length);
      rows.forEach((r, j) => {
        for (let k = 0; k < width; k++) sum[r * width + k]! += out[j * width + k]!;
        count[r]!++;
      });
    });
    return { sum, count };
  }

  /** The mean of the members' outputs on X (`width` per row), its feature count checked. */
  protected meanOutputs(X: MatrixInput, width: number): { rows: number; data: Float64Array } {
    const members = this.estimators;
    const name = this.typeName();
    const m = toMatrix(X, `${name}: X`);
    if (m.cols !== this.nFeatures) throw new ShapeError(`${name}: X has ${m.cols} features, the ensemble was fitted on ${this.nFeatures}`);
    const data = new Float64Array(m.rows * width);
    members.forEach((member, t) => {
      const out = this.memberOutputs(member, subMatrix(m, null, this.featureSets![t]!), m.rows);
      for (let i = 0; i < data.length; i++) data[i]! += out[i]!;
    });
    for (let i = 0; i < data.length; i++) data[i]! /= members.length;
    return { rows: m.rows, data };
  }

  /** The state besides the members that toJSON writes (the classes). */
  protected extraState(): Record<string, unknown> {
    return {};
  }

  protected restoreExtra(_state: Record<string, unknown>): void {}

  toJSON(): EstimatorJSON {
    const name = this.typeName();
    const { estimator, ...rest } = this.params;
    const params = { ...rest, estimator: estimator === null ? null : memberJSON(estimator, `${name}.toJSON`) };
    const state = this.members && {
      ...this.extraState(),
      nFeaturesIn: this.nFeatures,
      features: this.featureSets!.map((f) => Array.from(f)),
      members: this.members.map((e) => memberJSON(e, `${name}.toJSON`)),
    };
    return { type: name, params, state: state ?? null };
  }

  /** Restores the fitted members of `json` into this model (built from metaParamsOf). */
  protected restore(json: EstimatorJSON, revivers: Revivers | undefined): this {
    const what = `${this.typeName()}.fromJSON`;
    const s = json.state as { nFeaturesIn: number; features: number[][]; members: unknown[] } | null;
    if (!s) return this;
    if (!Array.isArray(s.members) || !Array.isArray(s.features) || s.features.length !== s.members.length || !Number.isInteger(s.nFeaturesIn)) throw new ArgumentError(`${what}: bad state`);
    for (const f of s.features) if (!Array.isArray(f) || f.some((v) => !Number.isInteger(v) || v < 0 || v >= s.nFeaturesIn)) throw new ArgumentError(`${what}: feature index out of range`);
    this.restoreExtra(s as unknown as Record<string, unknown>);
    this.members = s.members.map((e) => reviveMember<M>(e, revivers, what));
    this.featureSets = s.features.map((f) => Int32Array.from(f));
    this.nFeatures = s.nFeaturesIn;
    return this;
  }
}
