// Helpers of the meta-estimators (bagging, boosting, voting, stacking): the estimator shapes they
// accept, cloning with a seed, class-probability columns aligned to the ensemble's classes, and
// reviving member estimators from JSON by type name (this package's trees and ensembles, plus any
// classes the caller passes; there is no global registry).
import { ArgumentError, type Matrix, type MatrixInput } from '@neurite/tensor';
import { cloneEstimator, hasParam } from '../base/clone-estimator.ts';
import type { EstimatorJSON } from '../base/estimator.ts';
import type { Labels, Params } from '../base/protocol.ts';
import type { WeightedFitOptions } from '../base/sample-weight.ts';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';

/** fit options with per-sample weights, for members that take them (this package's trees do). */
export type { WeightedFitOptions } from '../base/sample-weight.ts';

/** What a member regressor must offer. */
export interface MemberRegressor {
  getParams(): Params;
  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): unknown;
  predict(X: MatrixInput): ArrayLike<number>;
  toJSON?(): EstimatorJSON;
}

/** What a member classifier must offer; predictProba for soft voting and stacking on probabilities. */
export interface MemberClassifier {
  getParams(): Params;
  fit(X: MatrixInput, y: Labels, options?: WeightedFitOptions): unknown;
  predict(X: MatrixInput): ArrayLike<number | string>;
  predictProba?(X: MatrixInput): Matrix;
  readonly classes: readonly number[] | readonly string[];
  toJSON?(): EstimatorJSON;
}

/** A clone of `estimator`; its randomState set to `seed` when it has one and a seed is given. */
export function cloneWithSeed<T extends { getParams(): Params }>(estimator: T, seed: number | null, what: string): T {
  return cloneEstimator(estimator, seed !== null && hasParam(estimator, 'randomState') ? { randomState: seed } : {}, what);
}

/**
 * A member's class probabilities as columns of the ensemble's classes (a member fitted on a
 * subset of the classes gets zeros for the others); without predictProba, its prediction one-hot.
 */
export function alignedProba(member: MemberClassifier, X: MatrixInput, rows: number, classes: readonly (number | string)[]): Matrix {
  const K = classes.length;
  const column = new Map<number | string, number>();
  classes.forEach((c, k) => column.set(c, k));
  const data = new Float64Array(rows * K);
  if (typeof member.predictProba === 'function') {
    const p = member.predictProba(X);
    const own = member.classes.map((c) => column.get(c));
    for (let i = 0; i < rows; i++) for (let j = 0; j < own.length; j++) if (own[j] !== undefined) data[i * K + own[j]!] = p.data[i * p.cols + j]!;
  } else {
    const predicted = member.predict(X);
    for (let i = 0; i < rows; i++) {
      const k = column.get(predicted[i]!);
      if (k !== undefined) data[i * K + k] = 1;
    }
  }
  return { rows, cols: K, data };
}

/** Member constructors fromJSON knows by type name: this package's trees, plus `extra`. */
export type Revivers = Record<string, { fromJSON(json: EstimatorJSON): unknown }>;

const BUILT_IN: Revivers = { DecisionTreeClassifier, DecisionTreeRegressor };

export function reviveMember<T>(json: unknown, extra: Revivers | undefined, what: string): T {
  const j = json as EstimatorJSON;
  const reviver = (extra ?? {})[j?.type] ?? BUILT_IN[j?.type];
  if (!reviver) throw new ArgumentError(`${what}: no fromJSON known for member type ${String(j?.type)}; pass it in the revivers argument`);
  return reviver.fromJSON(j) as T;
}

/** The constructor parameters of a meta-estimator's `json` (its base estimator revived), after checking its type. */
export function metaParamsOf(json: EstimatorJSON, type: string, revivers: Revivers | undefined): Record<string, unknown> {
  if (json?.type !== type) throw new ArgumentError(`${type}.fromJSON: expected type '${type}', got ${String(json?.type)}`);
  const params = { ...(json.params as Record<string, unknown>) };
  params.estimator = params.estimator ? reviveMember(params.estimator, revivers, `${type}.fromJSON`) : null;
  return params;
}

/** A member's JSON, or an error naming the member when it cannot serialise itself. */
export function memberJSON(member: { toJSON?(): EstimatorJSON }, what: string): EstimatorJSON {
  if (typeof member.toJSON !== 'function') throw new ArgumentError(`${what}: member ${member.constructor.name} has no toJSON`);
  return member.toJSON();
}
