// cloneEstimator: scikit-learn's clone. A new, unfitted instance of the same class built from the
// estimator's hyperparameters (getParams), with every hyperparameter that is itself an estimator
// (a Pipeline's steps, a GridSearchCV's estimator, a ColumnTransformer's transformers, nested in
// arrays or tuples) cloned in turn. Learned state is never copied. Works with any class whose
// constructor takes the object getParams returns, as BaseEstimator's subclasses do.
import { ArgumentError } from '@neurite/tensor';
import type { Estimator, Params } from './protocol.ts';

/** True for anything with the getParams / setParams pair of the estimator protocol. */
export function isEstimator(value: unknown): value is Estimator {
  return value !== null && typeof value === 'object' && typeof (value as Estimator).getParams === 'function' && typeof (value as Estimator).setParams === 'function';
}

function cloneValue(value: unknown): unknown {
  if (isEstimator(value)) return cloneEstimator(value);
  if (Array.isArray(value)) return value.map(cloneValue);
  return value;
}

/** A new unfitted estimator of the same class with (deep-cloned) equal hyperparameters. */
export function cloneEstimator<E extends Estimator>(estimator: E): E {
  if (!isEstimator(estimator)) throw new ArgumentError('cloneEstimator: expected an estimator (an object with getParams and setParams)');
  const params = estimator.getParams();
  const copy: Params = {};
  for (const [key, value] of Object.entries(params)) copy[key] = cloneValue(value);
  const Ctor = estimator.constructor as new (params: Params) => E;
  const clone = new Ctor(copy);
  return clone;
}
