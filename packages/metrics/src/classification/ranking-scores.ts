// Areas under ranking curves, as scikit-learn 1.9's roc_auc_score and average_precision_score.
// Binary: one score vector against yTrue. Multiclass: a score matrix [samples, classes] whose
// columns follow the sorted classes; one-vs-rest ('ovr', scikit-learn's _average_binary_score:
// micro pools every (sample, class) pair, weighted weighs classes by prevalence) or, for ROC AUC,
// one-vs-one ('ovo', Hand & Till 2001: the mean over class pairs of the two pairwise AUCs,
// weighted by the pair's prevalence for 'weighted').
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { checkChoice, checkNotEmpty, checkOptions, checkSameLength, describe, type Float64Matrix, type NumericInput, readWeights, toFloat64Matrix } from './inputs.ts';
import { checkLabelList, encodeLabels, type Label, type LabelInput, readLabels, sortLabels, uniqueLabels } from './labels.ts';
import { positiveMask } from './binary-target.ts';
import { aucFromCounts, thresholdCounts, type ThresholdCounts } from './threshold-counts.ts';
import { averagePrecisionFromCounts } from './precision-recall-curve.ts';
import { rocCurve } from './roc-curve.ts';

type RankAverage = 'micro' | 'macro' | 'weighted' | null;

/** A score matrix: number[][], a rank-2 Tensor or { data, shape } is read by toFloat64Matrix. */
export type ScoreInput = NumericInput | readonly (readonly number[])[];

export interface RocAucOptions {
  /** Multiclass averaging: 'macro' (default), 'weighted', 'micro' (ovr only) or null (per class, ovr only). */
  average?: RankAverage;
  /** Multiclass strategy: 'ovr' or 'ovo'; 'raise' (default) refuses multiclass input, as scikit-learn. */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** Multiclass: the classes of the score columns, sorted (default: the sorted classes of yTrue). */
  labels?: readonly Label[];
  /** Binary only: the standardised partial AUC over false positive rates [0, maxFpr] (McClish 1989), in (0, 1]. */
  maxFpr?: number;
  /** One weight per sample (not with 'ovo'); samples of weight 0 are left out. */
  sampleWeight?: NumericInput;
}

export interface AveragePrecisionOptions {
  /** Multiclass averaging: 'macro' (default), 'weighted', 'micro' or null (per class). */
  average?: RankAverage;
  /** The positive class of a binary yTrue (default 1); must be 1 for multiclass. */
  posLabel?: Label;
  /** One weight per sample; samples of weight 0 are left out. */
  sampleWeight?: NumericInput;
}

type BinaryMetric = (c: ThresholdCounts) => number;

/** Column c of an n x k matrix as a vector. */
function column(m: Float64Matrix, c: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + c]!;
  return out;
}

/** scikit-learn's _average_binary_score over one-hot targets `onehot` (n x k, 0/1) and scores. */
function averageBinary(metric: BinaryMetric, onehot: Uint8Array, scores: Float64Matrix, average: RankAverage, sampleWeights: Float64Array | null): number | number[] {
  const k = scores.cols, n = scores.rows;
  if (average === 'micro') {
    // Every (sample, class) pair is one prediction, with its sample's weight.
    const repeated = sampleWeights === null ? null : Float64Array.from({ length: n * k }, (_, i) => sampleWeights[Math.floor(i / k)]!);
    return metric(thresholdCounts(onehot, scores.data, repeated));
  }
  const perClass = new Float64Array(k), weight = new Float64Array(k);
  const mask = new Uint8Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      mask[i] = onehot[i * k + c]!;
      weight[c]! += mask[i]! * (sampleWeights === null ? 1 : sampleWeights[i]!);
    }
    perClass[c] = metric(thresholdCounts(mask, column(scores, c), sampleWeights));
  }
  if (average === null) return Array.from(perClass);
  let sum = 0, weightSum = 0;
  for (let c = 0; c < k; c++) {
    const w = average === 'weighted' ? weight[c]! : 1;
    sum += w === 0 ? 0 : perClass[c]! * w;
    weightSum += w;
  }
  if (average === 'weighted' && weightSum === 0) return 0;
  return sum / weightSum;
}

/** One-hot encoding of `codes` (indices into k classes). */
function oneHot(codes: Int32Array, k: number): Uint8Array {
  const out = new Uint8Array(codes.length * k);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) out[i * k + codes[i]!] = 1;
  return out;
}

/** The binary AUC, NaN unless both classes occur. */
const binaryAuc: BinaryMetric = (c) => aucFromCounts(c);

/**
 * Area under the ROC curve. Binary yTrue: `yScore` is a vector of scores for the greater label.
 * Multiclass: `yScore` is [samples, classes] of probabilities (rows must sum to 1) and
 * options.multiClass must be 'ovr' or 'ovo'. NaN when yTrue has only one class (binary).
 */
export function rocAucScore(yTrue: LabelInput, yScore: ScoreInput, options?: RocAucOptions): number | number[] {
  const where = 'rocAucScore';
  const o = checkOptions(options, ['average', 'multiClass', 'labels', 'maxFpr', 'sampleWeight'], where);
  const maxFpr = o.maxFpr ?? 1;
  if (typeof maxFpr !== 'number' || !(maxFpr > 0 && maxFpr <= 1)) throw new ArgumentError(`${where}: maxFpr must be in (0, 1], got ${describe(maxFpr)}`);
  const average = checkChoice(o.average === undefined ? 'macro' : o.average, ['micro', 'macro', 'weighted', null] as const, `${where}: average`);
  const multiClass = checkChoice(o.multiClass ?? 'raise', ['raise', 'ovr', 'ovo'] as const, `${where}: multiClass`);
  const t = readLabels(yTrue, `${where}: yTrue`);
  checkNotEmpty(t.length, 'yTrue', where);
  const s = toFloat64Matrix(yScore, `${where}: yScore`);
  checkSameLength(t.length, s.rows, 'yTrue', 'yScore', where);
  const present = uniqueLabels([t]);
  if (present.length <= 2 && !(s.ndim === 2 && s.cols > 2)) {
    if (s.ndim !== 1 && s.cols !== 1) throw new ShapeError(`${where}: a binary yTrue needs a vector of scores for the positive class, got ${s.rows}x${s.cols}`);
    // One class: undefined, NaN (scikit-learn checks this before the weights).
    if (present.length < 2) return NaN;
    const weights = readWeights(o.sampleWeight, t.length, where);
    if (maxFpr === 1) return binaryAuc(thresholdCounts(positiveMask(t, present[1], where), s.data, weights));
    const { fpr, tpr } = rocCurve(t.data as LabelInput, s.data, { posLabel: present[1], ...(weights === null ? {} : { sampleWeight: weights }) });
    return partialAuc(fpr, tpr, maxFpr);
  }
  if (maxFpr !== 1) throw new ArgumentError(`${where}: maxFpr (partial AUC) is only available for binary yTrue`);
  if (s.ndim !== 2) throw new ShapeError(`${where}: yScore must be [samples, classes] when yTrue has ${present.length} classes, got a vector`);
  if (multiClass === 'raise') throw new ArgumentError(`${where}: yTrue is multiclass; set multiClass to 'ovr' or 'ovo'`);
  for (let i = 0; i < s.rows; i++) {
    let sum = 0;
    for (let c = 0; c < s.cols; c++) sum += s.data[i * s.cols + c]!;
    // np.allclose(1, sum): |1 - sum| <= 1e-8 + 1e-5 |sum|.
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) throw new ArgumentError(`${where}: row ${i} of yScore sums to ${sum}; multiclass scores must be probabilities summing to 1`);
  }
  if (multiClass === 'ovo' && (average === null || average === 'micro')) throw new ArgumentError(`${where}: average must be 'macro' or 'weighted' for multiClass 'ovo', got ${describe(average)}`);
  let classes: Label[];
  if (o.labels !== undefined) {
    classes = checkLabelList(o.labels, `${where}: labels`);
    const sorted = sortLabels(classes.slice());
    if (sorted.some((l, i) => l !== classes[i])) throw new ArgumentError(`${where}: labels must be sorted`);
    if (present.some((l) => !classes.includes(l))) throw new ArgumentError(`${where}: yTrue contains labels not in labels`);
  } else {
    classes = present;
  }
  if (classes.length !== s.cols) throw new ShapeError(`${where}: ${classes.length} classes but yScore has ${s.cols} columns`);
  const codes = encodeLabels(t, classes);
  const weights = readWeights(o.sampleWeight, t.length, where);
  if (multiClass === 'ovr') return averageBinary(binaryAuc, oneHot(codes, classes.length), s, average, weights);
  if (weights !== null) throw new ArgumentError(`${where}: sampleWeight is not supported for multiClass 'ovo' (as in scikit-learn)`);
  return ovo(codes, s, average === 'weighted');
}

/**
 * scikit-learn's partial AUC: the curve is cut at maxFpr (a point interpolated linearly as np.interp
 * does), integrated by trapezoids, then standardised by McClish's correction
 * 0.5 (1 + (A - maxFpr^2 / 2) / (maxFpr - maxFpr^2 / 2)).
 */
function partialAuc(fpr: Float64Array, tpr: Float64Array, maxFpr: number): number {
  let stop = 0;
  while (stop < fpr.length && fpr[stop]! <= maxFpr) stop++;
  const x0 = fpr[stop - 1]!, x1 = fpr[stop]!, y0 = tpr[stop - 1]!, y1 = tpr[stop]!;
  const yCut = ((y1 - y0) / (x1 - x0)) * (maxFpr - x0) + y0;
  let area = 0;
  for (let i = 1; i < stop; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  area += ((maxFpr - x0) * (yCut + y0)) / 2;
  const minArea = 0.5 * maxFpr ** 2, maxArea = maxFpr;
  return 0.5 * (1 + (area - minArea) / (maxArea - minArea));
}

/** Hand & Till's one-vs-one AUC over the classes present in yTrue. */
function ovo(codes: Int32Array, s: Float64Matrix, weighted: boolean): number {
  const presentCodes = [...new Set(codes)].sort((a, b) => a - b);
  let sum = 0, weightSum = 0;
  for (let x = 0; x < presentCodes.length; x++) {
    for (let y = x + 1; y < presentCodes.length; y++) {
      const a = presentCodes[x]!, b = presentCodes[y]!;
      const rows: number[] = [];
      for (let i = 0; i < codes.length; i++) if (codes[i] === a || codes[i] === b) rows.push(i);
      const isA = new Uint8Array(rows.length), isB = new Uint8Array(rows.length);
      const sa = new Float64Array(rows.length), sb = new Float64Array(rows.length);
      rows.forEach((i, r) => {
        isA[r] = codes[i] === a ? 1 : 0;
        isB[r] = 1 - isA[r]!;
        sa[r] = s.data[i * s.cols + a]!;
        sb[r] = s.data[i * s.cols + b]!;
      });
      const pair = (aucFromCounts(thresholdCounts(isA, sa)) + aucFromCounts(thresholdCounts(isB, sb))) / 2;
      const w = weighted ? rows.length / codes.length : 1;
      sum += pair * w;
      weightSum += w;
    }
  }
  return sum / weightSum;
}

/**
 * Average precision (the step integral of the precision-recall curve). Binary yTrue with a score
 * vector, or multiclass yTrue with a [samples, classes] score matrix (one-vs-rest).
 */
export function averagePrecisionScore(yTrue: LabelInput, yScore: ScoreInput, options?: AveragePrecisionOptions): number | number[] {
  const where = 'averagePrecisionScore';
  const o = checkOptions(options, ['average', 'posLabel', 'sampleWeight'], where);
  const average = checkChoice(o.average === undefined ? 'macro' : o.average, ['micro', 'macro', 'weighted', null] as const, `${where}: average`);
  const posLabel = o.posLabel ?? 1;
  const t = readLabels(yTrue, `${where}: yTrue`);
  checkNotEmpty(t.length, 'yTrue', where);
  const s = toFloat64Matrix(yScore, `${where}: yScore`);
  checkSameLength(t.length, s.rows, 'yTrue', 'yScore', where);
  const weights = readWeights(o.sampleWeight, t.length, where);
  const present = uniqueLabels([t]);
  if (present.length <= 2) {
    if (present.length === 2 && !present.includes(posLabel)) throw new ArgumentError(`${where}: posLabel ${describe(posLabel)} is not a valid label; it should be one of ${present.map(describe).join(', ')}`);
    if (s.ndim !== 1 && s.cols !== 1) throw new ShapeError(`${where}: a binary yTrue needs a vector of scores, got ${s.rows}x${s.cols}`);
    return averagePrecisionFromCounts(thresholdCounts(positiveMask(t, posLabel, where), s.data, weights));
  }
  if (posLabel !== 1) throw new ArgumentError(`${where}: posLabel is fixed to 1 for multiclass yTrue; do not set it`);
  if (s.ndim !== 2 || s.cols !== present.length) throw new ShapeError(`${where}: yScore must be [samples, ${present.length}] since yTrue has ${present.length} classes, got ${s.rows}x${s.cols}`);
  return averageBinary(averagePrecisionFromCounts, oneHot(encodeLabels(t, present), present.length), s, average, weights);
}
