// Bagging classifier: members' class probabilities (or votes, for members without predictProba)
// averaged; a decision tree by default.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseEstimator, type EstimatorJSON } from '../base/estimator.ts';
import { decodeLabels, encodeLabels } from '../base/labels.ts';
import type { FitOptions, Labels } from '../base/protocol.ts';
import { argmaxRows, DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { accuracy } from '../tree/scores.ts';
import { BAGGING_DEFAULTS, type BaggingDraw, type BaggingParams, checkBaggingParams, fitBagging, subMatrix } from './bagging.ts';
import { alignedProba, cloneWithSeed, type MemberClassifier, memberJSON, reviveMember, type Revivers } from './meta-estimator.ts';

export interface BaggingClassifierParams extends BaggingParams {
  /** null: DecisionTreeClassifier(). */
  estimator: MemberClassifier | null;
}

export class BaggingClassifier extends BaseEstimator<BaggingClassifierParams> {
  private members: MemberClassifier[] | undefined;
  private featureSets: Int32Array[] | undefined;
  private classList: number[] | string[] | undefined;
  private nFeatures: number | undefined;
  private oob: number | undefined;

  constructor(params?: Partial<BaggingClassifierParams>) {
    super({ estimator: null, ...BAGGING_DEFAULTS }, params);
  }

  protected override validateParams(p: BaggingClassifierParams): void {
    checkBaggingParams(p, 'BaggingClassifier');
    if (p.estimator !== null && (typeof p.estimator !== 'object' || typeof p.estimator.fit !== 'function')) throw new ArgumentError('BaggingClassifier: estimator must be null or a classifier');
  }

  get classes(): number[] | string[] {
    return this.fitted(this.classList, 'classes');
  }

  get estimators(): MemberClassifier[] {
    return this.fitted(this.members, 'estimators');
  }

  /** The columns each member was fitted on. */
  get estimatorsFeatures(): Int32Array[] {
    return this.fitted(this.featureSets, 'estimatorsFeatures');
  }

  get oobScore(): number {
    return this.fitted(this.oob, 'oobScore');
  }

  fit(X: MatrixInput, y: Labels, options?: FitOptions): this {
    const m = toMatrix(X, 'BaggingClassifier: X');
    const { classes, indices } = encodeLabels(y, m.rows, 'BaggingClassifier: y');
    const K = classes.length;
    const base = this.params.estimator ?? new DecisionTreeClassifier();
    const members: MemberClassifier[] = [];
    const codes = Array.from({ length: K }, (_, k) => k);
    const draws: BaggingDraw[] = fitBagging(m, this.params, options, 'BaggingClassifier', (draw, seed) => {
      const member = cloneWithSeed(base, seed, 'BaggingClassifier: estimator');
      member.fit(subMatrix(m, draw.rows, draw.features), Array.from(draw.rows, (r) => indices[r]!));
      members.push(member);
    });
    this.oob = undefined;
    if (this.params.oobScore) {
      const sum = new Float64Array(m.rows * K);
      members.forEach((member, t) => {
        const rows: number[] = [];
        for (let i = 0; i < m.rows; i++) if (!draws[t]!.inBag[i]) rows.push(i);
        if (rows.length === 0) return;
        const p = alignedProba(member, subMatrix(m, rows, draws[t]!.features), rows.length, codes);
        rows.forEach((r, j) => {
          for (let k = 0; k < K; k++) sum[r * K + k]! += p.data[j * K + k]!;
        });
      });
      const predicted = argmaxRows({ rows: m.rows, cols: K, data: sum });
      let hits = 0;
      for (let i = 0; i < m.rows; i++) if (predicted[i] === indices[i]) hits++;
      this.oob = hits / m.rows;
    }
    this.members = members;
    this.featureSets = draws.map((d) => d.features);
    this.classList = classes;
    this.nFeatures = m.cols;
    return this;
  }

  predictProba(X: MatrixInput): Matrix {
    const members = this.estimators;
    const m = toMatrix(X, 'BaggingClassifier: X');
    if (m.cols !== this.nFeatures) throw new ShapeError(`BaggingClassifier: X has ${m.cols} features, the ensemble was fitted on ${this.nFeatures}`);
    const K = this.classes.length;
    const codes = Array.from({ length: K }, (_, k) => k);
    const data = new Float64Array(m.rows * K);
    members.forEach((member, t) => {
      const p = alignedProba(member, subMatrix(m, null, this.featureSets![t]!), m.rows, codes);
      for (let i = 0; i < data.length; i++) data[i]! += p.data[i]!;
    });
    for (let i = 0; i < data.length; i++) data[i]! /= members.length;
    return { rows: m.rows, cols: K, data };
  }

  predict(X: MatrixInput): number[] | string[] {
    return decodeLabels(this.classes, argmaxRows(this.predictProba(X)));
  }

  score(X: MatrixInput, y: Labels): number {
    return accuracy(this.predict(X), y);
  }

  toJSON(): EstimatorJSON {
    const { estimator, ...rest } = this.params;
    const params = { ...rest, estimator: estimator === null ? null : memberJSON(estimator, 'BaggingClassifier.toJSON') };
    const state = this.members && {
      classes: this.classList,
      nFeaturesIn: this.nFeatures,
      features: this.featureSets!.map((f) => Array.from(f)),
      members: this.members.map((e) => memberJSON(e, 'BaggingClassifier.toJSON')),
    };
    return { type: 'BaggingClassifier', params, state: state ?? null };
  }

  static fromJSON(json: EstimatorJSON, revivers?: Revivers): BaggingClassifier {
    if (json?.type !== 'BaggingClassifier') throw new ArgumentError(`BaggingClassifier.fromJSON: expected type 'BaggingClassifier', got ${String(json?.type)}`);
    const params = { ...(json.params as Record<string, unknown>) };
    params.estimator = params.estimator ? reviveMember(params.estimator, revivers, 'BaggingClassifier.fromJSON') : null;
    const model = new BaggingClassifier(params as Partial<BaggingClassifierParams>);
    const s = json.state as { classes: number[] | string[]; nFeaturesIn: number; features: number[][]; members: unknown[] } | null;
    if (s) {
      if (!Array.isArray(s.members) || !Array.isArray(s.features) || s.features.length !== s.members.length || !Number.isInteger(s.nFeaturesIn)) throw new ArgumentError('BaggingClassifier.fromJSON: bad state');
      for (const f of s.features) if (!Array.isArray(f) || f.some((v) => !Number.isInteger(v) || v < 0 || v >= s.nFeaturesIn)) throw new ArgumentError('BaggingClassifier.fromJSON: feature index out of range');
      model.members = s.members.map((e) => reviveMember<MemberClassifier>(e, revivers, 'BaggingClassifier.fromJSON'));
      model.featureSets = s.features.map((f) => Int32Array.from(f));
      model.classList = s.classes;
      model.nFeatures = s.nFeaturesIn;
    }
    return model;
  }
}
