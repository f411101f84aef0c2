// Argument checks of @neurite/features: every hyperparameter and input is checked here before
// anything is allocated, and a bad one becomes a typed error (ArgumentError for a wrong type or
// value, ShapeError for sizes and counts) that names the argument and what was expected.
import { ArgumentError, ShapeError } from '@neurite/tensor';

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

/** One of `allowed` (compared with ===), else ArgumentError. */
export function checkOneOf<T>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) throw new ArgumentError(`${what} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
  return value as T;
}

export function checkBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${what} must be a boolean, got ${describe(value)}`);
  return value;
}

/** A finite number in [min, max]. */
export function checkFinite(value: unknown, what: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(`${what} must be a finite number, got ${describe(value)}`);
  if (value < min || value > max) throw new ArgumentError(`${what} must be in [${min}, ${max}], got ${value}`);
  return value;
}

/** An integer in [min, max] (ShapeError: sizes and counts). */
export function checkInteger(value: unknown, what: string, min = 0, max = 0x7fffffff): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ShapeError(`${what} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

export function checkFunction(value: unknown, what: string): (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new ArgumentError(`${what} must be a function, got ${describe(value)}`);
  return value as (...args: never[]) => unknown;
}

/** Options of a constructor or function: undefined or a plain object. */
export function optionsOf<T extends object>(options: T | undefined, what: string): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ArgumentError(`${what}: options must be an object, got ${describe(options)}`);
  return options;
}

/** The number of columns a fitted transformer expects, else ShapeError. */
export function checkColumns(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new ShapeError(`${what}: X has ${actual} columns, the transformer was fitted on ${expected}`);
}

/** A training table needs at least one row and one column (scikit-learn: "Found array with 0 sample(s)"). */
export function checkFitTable(m: { rows: number; cols: number }, what: string): void {
  if (m.rows === 0 || m.cols === 0) throw new ShapeError(`${what}: X is ${m.rows}x${m.cols}; fit needs at least one row and one column`);
}
