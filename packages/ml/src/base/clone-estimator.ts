// scikit-learn's clone(): a new, unfitted estimator of the same class with the same
// hyperparameters (getParams passed to its constructor). Meta-estimators clone the estimator
// instances they are given and never fit those instances themselves.
import { ArgumentError } from '@neurite/tensor';
import type { Params } from './protocol.ts';

export interface Cloneable {
  getParams(): Params;
}

export function cloneEstimator<T extends Cloneable>(estimator: T, overrides: Params = {}, what = 'estimator'): T {
  if (estimator === null || typeof estimator !== 'object' || typeof estimator.getParams !== 'function') throw new ArgumentError(`${what}: expected an estimator with getParams(), got ${String(estimator)}`);
  const Ctor = estimator.constructor as new (params: Params) => T;
  const params = { ...estimator.getParams(), ...overrides };
  return new Ctor(params);
}

/** Whether the estimator has a parameter of that name (e.g. randomState) that may be set. */
export function hasParam(estimator: Cloneable, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(estimator.getParams(), name);
}
