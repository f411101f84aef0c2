// JSON of the estimators a Pipeline or ColumnTransformer holds: each step writes its own
// { type, params, state } with toJSON, and is revived by the fromJSON of the class its type names,
// looked up in a map of known classes (a file names types, it never supplies code). The markers
// 'passthrough' and 'drop' (and a null step) are written as they are.
import { ArgumentError } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';
import { isEstimator } from '../base/clone.ts';
import type { Estimator } from '../base/protocol.ts';

/** Classes by type name that fromJSON may revive; each receives the same map for its own members. */
export type JSONRevivers = Readonly<Record<string, { fromJSON(json: EstimatorJSON, revivers?: JSONRevivers): unknown }>>;

type Marker = 'passthrough' | 'drop' | null;

/** A step's JSON: its toJSON() for an estimator, the marker itself for 'passthrough', 'drop' or null. */
export function stepToJSON(step: Estimator | Marker, what: string): EstimatorJSON | Marker {
  if (step === 'passthrough' || step === 'drop' || step === null) return step;
  const toJSON = (step as { toJSON?: () => EstimatorJSON }).toJSON;
  if (typeof toJSON !== 'function') throw new ArgumentError(`${what}: ${step.constructor.name} has no toJSON, so it cannot be saved`);
  return toJSON.call(step);
}

/** A step back from its JSON (markers stay markers). */
export function stepFromJSON(json: unknown, revivers: JSONRevivers | undefined, what: string): Estimator | Marker {
  if (json === 'passthrough' || json === 'drop' || json === null) return json;
  const type = (json as { type?: unknown } | undefined)?.type;
  if (json === null || typeof json !== 'object' || typeof type !== 'string') throw new ArgumentError(`${what}: expected a step's { type, params, state }, 'passthrough', 'drop' or null`);
  const reviver = revivers !== undefined && Object.hasOwn(revivers, type) ? revivers[type] : undefined;
  if (reviver === undefined) throw new ArgumentError(`${what}: no class known for type "${type}"; load with estimatorFromJSON, or pass the class in revivers`);
  const step = reviver.fromJSON(json as EstimatorJSON, revivers);
  if (!isEstimator(step)) throw new ArgumentError(`${what}: ${type}.fromJSON did not give an estimator`);
  return step;
}

/** Checks the envelope of a serialised composite and returns its params and state. */
export function checkCompositeJSON(json: unknown, type: string): { params: Record<string, unknown>; state: Record<string, unknown> | null } {
  const j = json as EstimatorJSON | null;
  if (j === null || typeof j !== 'object') throw new ArgumentError(`${type}.fromJSON: expected an object`);
  if (j.type !== type) throw new ArgumentError(`${type}.fromJSON: the JSON describes ${JSON.stringify(j.type)}, expected "${type}"`);
  if (j.params === null || typeof j.params !== 'object') throw new ArgumentError(`${type}.fromJSON: params must be an object`);
  if (j.state !== null && typeof j.state !== 'object') throw new ArgumentError(`${type}.fromJSON: state must be an object or null`);
  return { params: j.params, state: j.state as Record<string, unknown> | null };
}
