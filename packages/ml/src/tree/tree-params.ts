// Hyperparameter checks and resolution shared by the trees and the tree ensembles. JavaScript has
// one number type, so where scikit-learn tells an int count from a float fraction by type, an
// integer >= 1 here is a count and a non-integer in (0, 1) a fraction (1 means one, not 100%).
import { ArgumentError, defaultGenerator } from '@neurite/tensor';
import { MAX_INT32, NumpyRandomState } from '../base/numpy-random-state.ts';

export type MaxFeatures = number | 'sqrt' | 'log2' | null;

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): void {
  if (!allowed.includes(value as T)) throw new ArgumentError(`${what} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`);
}

export function checkCountOrFraction(value: unknown, what: string, minCount: number, fractionUpTo1 = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(`${what} must be a number, got ${String(value)}`);
  if (Number.isInteger(value) ? value < minCount : !(value > 0 && (fractionUpTo1 ? value <= 1 : value < 1))) {
    throw new ArgumentError(`${what} must be an integer >= ${minCount} or a fraction in (0, 1), got ${value}`);
  }
}

export function checkMaxDepth(value: unknown, what: string): void {
  if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) throw new ArgumentError(`${what} must be null or an integer >= 1, got ${String(value)}`);
}

export function checkMaxFeatures(value: unknown, what: string): void {
  if (value === null || value === 'sqrt' || value === 'log2') return;
  checkCountOrFraction(value, what, 1);
}

export function checkNonNegative(value: unknown, what: string): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new ArgumentError(`${what} must be a finite number >= 0, got ${String(value)}`);
}

export function checkRandomState(value: unknown, what: string): void {
  if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) throw new ArgumentError(`${what} must be null or an integer >= 0, got ${String(value)}`);
}

/** An integer in [min, max]; the cap keeps counts that size arrays (trees, rounds) allocatable. */
export function checkPositiveInteger(value: unknown, what: string, min = 1, max = 1e6): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new ArgumentError(`${what} must be an integer in [${min}, ${max}], got ${String(value)}`);
}

export function checkFraction(value: unknown, what: string, open = true): void {
  if (typeof value !== 'number' || !(value > 0) || (open ? value >= 1 : value > 1)) throw new ArgumentError(`${what} must be in (0, 1${open ? ')' : ']'}, got ${String(value)}`);
}

/** The number of features to examine per split (scikit-learn's rules: sqrt and log2 floor, at least 1). */
export function resolveMaxFeatures(value: MaxFeatures, nFeatures: number): number {
  if (value === null) return nFeatures;
  if (value === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (value === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (Number.isInteger(value)) return Math.min(value, nFeatures);
  return Math.max(1, Math.floor(value * nFeatures));
}

/** A count, or ceil(fraction * n) (minSamplesSplit at least 2). */
export function resolveCount(value: number, n: number, min: number): number {
  return Number.isInteger(value) ? value : Math.max(min, Math.ceil(value * n));
}

/** A seed in [0, 2^31 - 1) as scikit-learn's check_random_state(randomState).randint(MAX_INT) draws it; from tensor's default generator (manualSeed controls it) when randomState is null. */
export function drawSeed(randomState: number | null): number {
  if (randomState === null) return defaultGenerator().integer(0, MAX_INT32);
  return new NumpyRandomState(randomState).randint(0, MAX_INT32);
}
