// The precision-recall curve and average precision, as scikit-learn 1.9's precision_recall_curve
// and average_precision_score: precision TP/(TP+FP) (0 where nothing is predicted positive) and
// recall TP/P (1 everywhere when there are no positives) at each distinct score, reversed so that
// recall decreases, with a final point (recall 0, precision 1) that has no threshold. Average
// precision is the step integral AP = sum_n (R_n - R_{n+1}) P_n, clipped at 0.
import { checkChoice, checkOptions } from './inputs.ts';
import type { NumericInput } from './inputs.ts';
import type { Label, LabelInput } from './labels.ts';
import { readRanking } from './roc-curve.ts';
import type { ThresholdCounts } from './threshold-counts.ts';

export interface PrecisionRecallCurveOptions {
  /** The positive class (default 1, with yTrue in {0, 1} or {-1, 1}). */
  posLabel?: Label;
  /** Keep only the first and last point of each run of equal recall (default false). */
  dropIntermediate?: boolean;
  /** One weight per sample: counts become sums of weights; samples of weight 0 are left out. */
  sampleWeight?: NumericInput;
}

export interface PrecisionRecallCurve {
  /** Precision at each threshold (increasing thresholds), then 1. */
  precision: Float64Array;
  /** Recall at each threshold (non-increasing), then 0. */
  recall: Float64Array;
  /** Increasing distinct scores (one fewer than precision and recall). */
  thresholds: Float64Array;
}

/** The curve from threshold counts (shared with average precision). */
export function curveFromCounts(c: ThresholdCounts, drop: boolean): PrecisionRecallCurve {
  const m0 = c.tps.length;
  const idx: number[] = [];
  for (let k = 0; k < m0; k++) {
    if (drop && m0 > 2 && k > 0 && k < m0 - 1) {
      // Keep k when tps changes from k-1 to k or from k to k+1 (scikit-learn's rule).
      if (c.tps[k]! === c.tps[k - 1]! && c.tps[k + 1]! === c.tps[k]!) continue;
    }
    idx.push(k);
  }
  const m = idx.length, P = c.tps[m0 - 1]!;
  const precision = new Float64Array(m + 1), recall = new Float64Array(m + 1), thresholds = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const k = idx[r]!, out = m - 1 - r;
    const tp = c.tps[k]!, ps = tp + c.fps[k]!;
    precision[out] = ps !== 0 ? tp / ps : 0;
    recall[out] = P === 0 ? 1 : tp / P;
    thresholds[out] = c.thresholds[k]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}

/** Precision and recall at every distinct score of `probasPred` against binary `yTrue`. */
export function precisionRecallCurve(yTrue: LabelInput, probasPred: NumericInput, options?: PrecisionRecallCurveOptions): PrecisionRecallCurve {
  const where = 'precisionRecallCurve';
  const o = checkOptions(options, ['posLabel', 'dropIntermediate', 'sampleWeight'], where);
  const drop = checkChoice(o.dropIntermediate ?? false, [true, false], `${where}: dropIntermediate`);
  return curveFromCounts(readRanking(yTrue, probasPred, o.posLabel, o.sampleWeight, where), drop);
}

/** The step integral of a precision-recall curve: -sum(diff(recall) * precision[:-1]), at least 0. */
export function averagePrecisionFromCounts(c: ThresholdCounts): number {
  const { precision, recall } = curveFromCounts(c, false);
  let s = 0;
  for (let k = 0; k + 1 < recall.length; k++) s += (recall[k + 1]! - recall[k]!) * precision[k]!;
  return Math.max(0, -s);
}
