// Precision TP/(TP+FP), recall (sensitivity) TP/(TP+FN) and the F-beta score
// (1+beta^2) TP / ((1+beta^2) TP + beta^2 FN + FP) (F1 = 2TP/(2TP+FP+FN)), as scikit-learn 1.9's
// precision_recall_fscore_support and the functions built on it. Averaging and zero division:
// see averaging.ts.
import { ArgumentError } from '@neurite/tensor';
import { type Average, checkAverage, divide, reduce, readSetWise, total, type ZeroDivision, zeroDivisionValue } from './averaging.ts';
import { checkOptions, describe, type NumericInput } from './inputs.ts';
import type { Label, LabelInput } from './labels.ts';
import type { IndicatorInput } from './indicator.ts';

export interface ScoreOptions {
  /** 'binary' (default: posLabel only), 'micro', 'macro', 'weighted', 'samples' (indicator matrices) or null (one score per label). */
  average?: Average | null;
  /** The labels to report (and their order when average is null); may include absent labels; column indices for indicator matrices. Ignored for 'binary'. */
  labels?: readonly Label[];
  /** The positive class for average 'binary' (default 1). */
  posLabel?: Label;
  /** What 0/0 becomes: 'warn' (0, the default), 0, 1 or NaN. */
  zeroDivision?: ZeroDivision;
  /** One weight per sample: the counts are sums of weights ('samples' averages with them). */
  sampleWeight?: NumericInput;
}

export interface FbetaOptions extends ScoreOptions {
  /** Weight of recall against precision (>= 0; Infinity gives recall, 0 precision). */
  beta?: number;
}

/** Per-label (average null) or averaged scores, and the supports when not averaged. */
export interface PrecisionRecallFscoreSupport<T> {
  precision: T;
  recall: T;
  fScore: T;
  /** True counts per label; null when averaged. */
  support: T extends number ? null : number[];
}

const KEYS = ['average', 'labels', 'posLabel', 'zeroDivision', 'sampleWeight'];

function prf(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: FbetaOptions | undefined, where: string, keys: readonly string[]) {
  const o = checkOptions(options, keys, where);
  const average = checkAverage(o.average, where);
  const zero = zeroDivisionValue(o.zeroDivision ?? 'warn', `${where}: zeroDivision`);
  const beta = o.beta ?? 1;
  if (typeof beta !== 'number' || !(beta >= 0)) throw new ArgumentError(`${where}: beta must be a number >= 0, got ${describe(beta)}`);
  const c = readSetWise(yTrue, yPred, average, o.labels, o.posLabel ?? 1, o.sampleWeight, where);
  let tp = c.tp, pred = c.pred, truth = c.true;
  if (average === 'micro') [tp, pred, truth] = [total(tp), total(pred), total(truth)];
  const precision = divide(tp, pred, zero), recall = divide(tp, truth, zero);
  let fScore: Float64Array;
  if (beta === Infinity) fScore = recall;
  else if (beta === 0) fScore = precision;
  else {
    const b2 = beta * beta;
    const numerator = new Float64Array(tp.length), denominator = new Float64Array(tp.length);
    for (let i = 0; i < tp.length; i++) {
      numerator[i] = (1 + b2) * tp[i]!;
      denominator[i] = b2 * truth[i]! + pred[i]!;
    }
    fScore = divide(numerator, denominator, zero);
  }
  return { average, precision, recall, fScore, support: c.true, weights: c.weights };
}

/**
 * Precision, recall, F-beta and support, as scikit-learn's precision_recall_fscore_support
 * (options.average defaults to 'binary'; pass null for per-label arrays).
 */
export function precisionRecallFscoreSupport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: FbetaOptions & { average: null }): PrecisionRecallFscoreSupport<number[]>;
export function precisionRecallFscoreSupport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: FbetaOptions & { average?: Average }): PrecisionRecallFscoreSupport<number>;
export function precisionRecallFscoreSupport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: FbetaOptions): PrecisionRecallFscoreSupport<number | number[]>;
export function precisionRecallFscoreSupport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: FbetaOptions): PrecisionRecallFscoreSupport<number | number[]> {
  const r = prf(yTrue, yPred, options, 'precisionRecallFscoreSupport', [...KEYS, 'beta']);
  return {
    precision: reduce(r.precision, r.average, r.support, r.weights),
    recall: reduce(r.recall, r.average, r.support, r.weights),
    fScore: reduce(r.fScore, r.average, r.support, r.weights),
    support: (r.average === null ? Array.from(r.support) : null) as never,
  };
}

/** Precision TP/(TP+FP) (scikit-learn's precision_score). */
export function precisionScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: ScoreOptions & { average: null }): number[];
export function precisionScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions & { average?: Average }): number;
export function precisionScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[];
export function precisionScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[] {
  const r = prf(yTrue, yPred, options, 'precisionScore', KEYS);
  return reduce(r.precision, r.average, r.support, r.weights);
}

/** Recall (sensitivity, true positive rate) TP/(TP+FN) (scikit-learn's recall_score). */
export function recallScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: ScoreOptions & { average: null }): number[];
export function recallScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions & { average?: Average }): number;
export function recallScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[];
export function recallScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[] {
  const r = prf(yTrue, yPred, options, 'recallScore', KEYS);
  return reduce(r.recall, r.average, r.support, r.weights);
}

/** Sensitivity: another name of recall. */
export const sensitivity = recallScore;

/** F1 = 2TP/(2TP+FP+FN) (scikit-learn's f1_score). */
export function f1Score(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: ScoreOptions & { average: null }): number[];
export function f1Score(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions & { average?: Average }): number;
export function f1Score(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[];
export function f1Score(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[] {
  const r = prf(yTrue, yPred, options, 'f1Score', KEYS);
  return reduce(r.fScore, r.average, r.support, r.weights);
}

/** F-beta (scikit-learn's fbeta_score); options.beta is required. */
export function fbetaScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: FbetaOptions & { beta: number; average: null }): number[];
export function fbetaScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: FbetaOptions & { beta: number; average?: Average }): number;
export function fbetaScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: FbetaOptions & { beta: number }): number | number[];
export function fbetaScore(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: FbetaOptions & { beta: number }): number | number[] {
  if (options?.beta === undefined) throw new ArgumentError('fbetaScore: options.beta is required (a number >= 0)');
  const r = prf(yTrue, yPred, options, 'fbetaScore', [...KEYS, 'beta']);
  return reduce(r.fScore, r.average, r.support, r.weights);
}
