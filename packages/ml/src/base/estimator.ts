// The base of every estimator and transformer of @neurite/ml: hyperparameters stored by the
// constructor (validated against the defaults' keys, scikit-learn's names in camelCase), get/set
// params, the NotFittedError guard for learned state, abort and progress helpers, and JSON
// serialisation of { type, params, state } that each class completes with its own state.
import { ArgumentError, NeuriteError, NotFittedError } from '@neurite/tensor';
import type { FitOptions, FitProgress, Params } from './protocol.ts';

/** A fit stopped by its AbortSignal. The estimator keeps the state it had before that fit. */
export class FitAbortedError extends NeuriteError {
  override readonly name: string = 'FitAbortedError';
  constructor(what: string) {
    super(`${what}: the fit was aborted by its AbortSignal; the estimator keeps its previous state`, 'ABORTED');
  }
}

/** The serialised form of a fitted (or unfitted) estimator: its class name, hyperparameters and learned state. */
export interface EstimatorJSON {
  type: string;
  params: Params;
  state: unknown;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export abstract class BaseEstimator<P extends Params> {
  protected params: P;

  /** `defaults` lists every hyperparameter; `params` may override any of them and nothing else. */
  protected constructor(defaults: P, params: Partial<P> | undefined) {
    this.params = { ...defaults };
    if (params !== undefined) this.assignParams(params);
  }

  /** A copy of the hyperparameters. */
  getParams(): P {
    return { ...this.params };
  }

  /** Sets hyperparameters by name (unknown names throw ArgumentError); learned state is kept until the next fit. */
  setParams(params: Partial<P>): this {
    this.assignParams(params);
    return this;
  }

  private assignParams(params: Partial<P>): void {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new ArgumentError(`${this.constructor.name}: parameters must be an object, got ${describe(params)}`);
    for (const key of Object.keys(params)) {
      if (!(key in this.params)) {
        throw new ArgumentError(`${this.constructor.name}: unknown parameter "${key}"; expected one of ${Object.keys(this.params).join(', ')}`);
      }
    }
    const next = { ...this.params };
    for (const [key, value] of Object.entries(params)) if (value !== undefined) (next as Params)[key] = value;
    this.validateParams(next);
    this.params = next;
  }

  /** Checks a full set of hyperparameters; throws ArgumentError naming the bad one. Called before they are stored. */
  protected validateParams(_params: P): void {}

  /** The learned value, or NotFittedError naming the class and the member when fit has not run. */
  protected fitted<T>(value: T | undefined | null, member: string): T {
    if (value === undefined || value === null) throw new NotFittedError(`${this.constructor.name}.${member}`);
    return value;
  }
}

/** Throws FitAbortedError when the signal has fired; call it between units of work of a long fit. */
export function checkAborted(options: FitOptions | undefined, what: string): void {
  if (options?.signal?.aborted) throw new FitAbortedError(what);
}

/** Reports progress when a callback was given (errors thrown by the callback propagate). */
export function report(options: FitOptions | undefined, progress: FitProgress): void {
  options?.onProgress?.(progress);
}
