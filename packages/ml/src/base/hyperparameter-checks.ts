// Checks of hyperparameter values shared by the linear, naive Bayes and neighbours estimators: each
// throws ArgumentError naming the estimator, the parameter and what was expected.
import { ArgumentError } from '@neurite/tensor';

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? `an array of length ${value.length}` : String(value);
}

/** A finite number >= min (or > min when `exclusive`); +Infinity too when `allowInfinity`. */
export function checkNumberParam(owner: string, name: string, value: unknown, min = -Infinity, exclusive = false, allowInfinity = false): number {
  const ok = typeof value === 'number' && (Number.isFinite(value) || (allowInfinity && value === Infinity)) && (exclusive ? value > min : value >= min);
  if (!ok) throw new ArgumentError(`${owner}: ${name} must be a ${allowInfinity ? '' : 'finite '}number ${exclusive ? '>' : '>='} ${min}, got ${show(value)}`);
  return value as number;
}

/** A finite number in [lo, hi]. */
export function checkRangeParam(owner: string, name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) throw new ArgumentError(`${owner}: ${name} must be a number in [${lo}, ${hi}], got ${show(value)}`);
  return value;
}

/** An integer >= min. */
export function checkIntegerParam(owner: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new ArgumentError(`${owner}: ${name} must be an integer >= ${min}, got ${show(value)}`);
  return value;
}

export function checkBooleanParam(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${owner}: ${name} must be true or false, got ${show(value)}`);
  return value;
}

/** One of a closed set of values. */
export function checkChoiceParam<T>(owner: string, name: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new ArgumentError(`${owner}: ${name} must be one of ${choices.map(show).join(', ')}, got ${show(value)}`);
  return value as T;
}

/** The number of columns `cols` equals what the estimator was fitted on. */
export function checkFeatureCount(owner: string, cols: number, expected: number, what = 'X'): void {
  if (cols !== expected) throw new ArgumentError(`${owner}: ${what} has ${cols} features, the estimator was fitted on ${expected}`);
}

/** The serialised form's type and params are what fromJSON(...) expects. */
export function checkJSON(owner: string, json: unknown): { params: Record<string, unknown>; state: Record<string, unknown> | null } {
  const j = json as { type?: unknown; params?: unknown; state?: unknown };
  if (j === null || typeof j !== 'object') throw new ArgumentError(`${owner}.fromJSON: expected an object, got ${show(json)}`);
  if (j.type !== owner) throw new ArgumentError(`${owner}.fromJSON: type is ${show(j.type)}, expected "${owner}"`);
  if (j.params === null || typeof j.params !== 'object') throw new ArgumentError(`${owner}.fromJSON: params must be an object`);
  if (j.state !== null && typeof j.state !== 'object') throw new ArgumentError(`${owner}.fromJSON: state must be an object or null`);
  return { params: j.params as Record<string, unknown>, state: (j.state ?? null) as Record<string, unknown> | null };
}

/** A numeric array from a serialised state (finite numbers only, optional exact length). */
export function readNumbers(owner: string, name: string, value: unknown, length?: number): Float64Array {
  if (!Array.isArray(value)) throw new ArgumentError(`${owner}.fromJSON: state.${name} must be an array of numbers`);
  if (length !== undefined && value.length !== length) throw new ArgumentError(`${owner}.fromJSON: state.${name} has ${value.length} values, expected ${length}`);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${owner}.fromJSON: state.${name}[${i}] is ${show(v)}, expected a finite number`);
    out[i] = v;
  }
  return out;
}

/** Class labels from a serialised state: all numbers or all strings. */
export function readClasses(owner: string, value: unknown): number[] | string[] {
  if (!Array.isArray(value) || value.length === 0) throw new ArgumentError(`${owner}.fromJSON: state.classes must be a non-empty array`);
  const kind = typeof value[0];
  if ((kind !== 'number' && kind !== 'string') || value.some((v) => typeof v !== kind)) throw new ArgumentError(`${owner}.fromJSON: state.classes must be all numbers or all strings`);
  return value as number[] | string[];
}
