// The set-wise machinery shared by precision, recall, F-beta, specificity and the error rates,
// following scikit-learn 1.9 (_check_set_wise_labels, _prf_divide, _nanaverage):
// - average 'binary' needs at most two labels in yTrue and yPred together and reports posLabel only;
// - 'micro' sums the counts of all labels before dividing; 'macro' is the unweighted mean of the
//   per-label scores; 'weighted' weights them by support (true count); null returns them per label;
// - 'samples' (multilabel indicator matrices only) scores every sample over its labels, then averages;
// - a 0/0 score becomes zeroDivision ('warn' behaves as 0; no warning is printed), and NaN scores
//   (zeroDivision NaN) are left out of the averages.
import { ArgumentError } from '@neurite/tensor';
import { checkChoice, describe, readWeights } from './inputs.ts';
import { checkLabelList, type Label, type LabelColumn, readLabelPair, uniqueLabels } from './labels.ts';
import { indicatorColumns, indicatorCounts, indicatorTotals, isIndicator, readIndicatorPair } from './indicator.ts';
import { classCounts, type ClassCounts } from './class-counts.ts';

export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples';
/** What a 0/0 score becomes: 'warn' (as 0, scikit-learn's default), 0, 1 or NaN. */
export type ZeroDivision = 'warn' | number;

export const AVERAGES = ['binary', 'micro', 'macro', 'weighted', 'samples', null] as const;

/** Checks zeroDivision ('warn', 0, 1 or NaN) and returns the value a 0/0 score takes. */
export function zeroDivisionValue(value: unknown, what: string): number {
  if (value === 'warn' || value === 0 || value === 1) return value === 'warn' ? 0 : value;
  if (typeof value === 'number' && Number.isNaN(value)) return NaN;
  throw new ArgumentError(`${what} must be 'warn', 0, 1 or NaN, got ${describe(value)}`);
}

/** The counts behind a set-wise metric, for the labels it reports. */
export interface SetWiseCounts extends ClassCounts {
  labels: Label[];
  /** TN = total(k) - TP - FP - FN: the number (or weight) of samples, or per sample its number of labels (times its weight). */
  total: (k: number) => number;
  /** The sample weights ('samples' averages with them), or null. */
  weights: Float64Array | null;
}

/**
 * Reads yTrue and yPred (label vectors, or multilabel indicator matrices) and counts the labels a
 * set-wise metric reports (per sample for 'samples').
 */
export function readSetWise(yTrue: unknown, yPred: unknown, average: Average | null, labels: unknown, posLabel: unknown, sampleWeight: unknown, where: string): SetWiseCounts {
  if (isIndicator(yTrue) || isIndicator(yPred)) {
    if (average === 'binary') throw new ArgumentError(`${where}: the target is multilabel (indicator matrices) but average is 'binary'; choose 'micro', 'macro', 'weighted', 'samples' or null`);
    const [t, p] = readIndicatorPair(yTrue, yPred, where);
    const columns = indicatorColumns(labels, t.cols, where);
    const samplewise = average === 'samples';
    const weights = readWeights(sampleWeight, t.rows, where);
    return { ...indicatorCounts(t, p, columns, samplewise, weights), labels: columns, total: indicatorTotals(columns.length, t.rows, samplewise, weights), weights };
  }
  if (average === 'samples') throw new ArgumentError(`${where}: average 'samples' needs multilabel indicator matrices`);
  const [t, p] = readLabelPair(yTrue, yPred, where);
  return setWiseCounts(t, p, average, labels, posLabel, readWeights(sampleWeight, t.length, where), where);
}

/**
 * Chooses the reported labels as scikit-learn does and counts them. `average` must be checked.
 */
export function setWiseCounts(t: LabelColumn, p: LabelColumn, average: Average | null, labels: unknown, posLabel: unknown, weights: Float64Array | null, where: string): SetWiseCounts {
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
  const n = weights === null ? t.length : weights.reduce((a, b) => a + b, 0);
  return { ...classCounts(t, p, chosen, weights), labels: chosen, total: () => n, weights };
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

/** Reduces per-label scores by `average` (the counts were already summed for 'micro'); 'samples' weighs by the sample weights. */
export function reduce(scores: Float64Array, average: Average | null, support: Float64Array, weights: Float64Array | null = null): number | number[] {
  if (average === null) return Array.from(scores);
  return nanAverage(scores, average === 'weighted' ? support : average === 'samples' ? weights : null);
}

/** Checks the average option. */
export function checkAverage(value: unknown, where: string, fallback: Average | null = 'binary'): Average | null {
  return checkChoice(value === undefined ? fallback : value, AVERAGES, `${where}: average`);
}
