// The set-wise machinery shared by precision, recall, F-beta, specificity and the error rates,
// following scikit-learn 1.9 (_check_set_wise_labels, _prf_divide, _nanaverage):
// - average 'binary' needs at most two labels in yTrue and yPred together and reports posLabel only;
// - 'micro' sums the counts of all labels before dividing; 'macro' is the unweighted mean of the
//   per-label scores; 'weighted' weights them by support (true count); null returns them per label;
// - a 0/0 score becomes zeroDivision ('warn' behaves as 0; no warning is printed), and NaN scores
//   (zeroDivision NaN) are left out of the averages.
import { ArgumentError } from '@neurite/tensor';
import { checkChoice, describe } from './inputs.ts';
import { checkLabelList, type Label, type LabelColumn, uniqueLabels } from './labels.ts';
import { classCounts, type ClassCounts } from './confusion-matrix.ts';

export type Average = 'binary' | 'micro' | 'macro' | 'weighted';
/** What a 0/0 score becomes: 'warn' (as 0, scikit-learn's default), 0, 1 or NaN. */
export type ZeroDivision = 'warn' | number;

export const AVERAGES = ['binary', 'micro', 'macro', 'weighted', null] as const;

/** Checks zeroDivision ('warn', 0, 1 or NaN) and returns the value a 0/0 score takes. */
export function zeroDivisionValue(value: unknown, what: string): number {
  if (value === 'warn' || value === 0 || value === 1) return value === 'warn' ? 0 : value;
  if (typeof value === 'number' && Number.isNaN(value)) return NaN;
  throw new ArgumentError(`${what} must be 'warn', 0, 1 or NaN, got ${describe(value)}`);
}

/** The counts behind a set-wise metric, for the labels it reports. */
export interface SetWiseCounts extends ClassCounts {
  labels: Label[];
  /** Number of samples (for true negatives). */
  n: number;
}

/**
 * Chooses the reported labels as scikit-learn does and counts them. `average` must be checked.
 */
export function setWiseCounts(t: LabelColumn, p: LabelColumn, average: Average | null, labels: unknown, posLabel: unknown, where: string): SetWiseCounts {
  const present = uniqueLabels([t, p]);
  let chosen: Label[];
  if (average === 'binary') {
    if (present.length > 2) {
      throw new ArgumentError(`${where}: the target is multiclass (${present.length} labels) but average is 'binary'; choose 'micro', 'macro', 'weighted' or null`);
    }
    if (typeof posLabel !== 'number' && typeof posLabel !== 'string') throw new ArgumentError(`${where}: posLabel must be a number or a string, got ${describe(posLabel)}`);
    if (!present.includes(posLabel) && present.length >= 2) {
      throw new ArgumentError(`${where}: posLabel ${describe(posLabel)} is not a valid label; it should be one of ${present.map(describe).join(', ')}`);
    }
    chosen = [posLabel];
  } else {
    chosen = labels === undefined ? present : checkLabelList(labels, `${where}: labels`);
  }
  return { ...classCounts(t, p, chosen), labels: chosen, n: t.length };
}

/** numerator / denominator element-wise, with `zero` where the denominator is 0. */
export function divide(numerator: Float64Array, denominator: Float64Array, zero: number): Float64Array {
  const out = new Float64Array(numerator.length);
  for (let i = 0; i < out.length; i++) out[i] = denominator[i] === 0 ? zero : numerator[i]! / denominator[i]!;
  return out;
}

/** The sum of an array as a one-element array (micro averaging). */
export function total(a: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return Float64Array.of(s);
}

/**
 * scikit-learn's _nanaverage: the (weighted) mean ignoring NaN scores; NaN if all are NaN or there
 * are none; if the remaining weights sum to 0, the unweighted mean.
 */
export function nanAverage(scores: Float64Array, weights: Float64Array | null): number {
  let sum = 0, weightSum = 0, plain = 0, count = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v)) continue;
    plain += v;
    count++;
    if (weights) {
      sum += v * weights[i]!;
      weightSum += weights[i]!;
    }
  }
  if (count === 0) return NaN;
  if (weights && weightSum !== 0) return sum / weightSum;
  return plain / count;
}

/** Reduces per-label scores by `average` (the counts were already summed for 'micro'). */
export function reduce(scores: Float64Array, average: Average | null, support: Float64Array): number | number[] {
  if (average === null) return Array.from(scores);
  return nanAverage(scores, average === 'weighted' ? support : null);
}

/** Checks the average option. */
export function checkAverage(value: unknown, where: string, fallback: Average | null = 'binary'): Average | null {
  return checkChoice(value === undefined ? fallback : value, AVERAGES, `${where}: average`);
}
