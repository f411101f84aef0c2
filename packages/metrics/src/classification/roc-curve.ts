// The receiver operating characteristic curve, as scikit-learn 1.9's roc_curve: false and true
// positive rates at each distinct score (highest first), starting at (0, 0) with threshold
// +Infinity. With dropIntermediate (the default) the points that lie inside a straight horizontal
// or vertical run are dropped: a point is kept when the second difference of fps or of tps there is
// non-zero (scikit-learn's rule), and the first and last points always.
import { checkChoice, checkOptions, checkSameLength, checkNotEmpty, type NumericInput, readWeights, toFloat64Vector } from './inputs.ts';
import { type Label, type LabelInput, readLabels } from './labels.ts';
import { positiveMask } from './binary-target.ts';
import { thresholdCounts, type ThresholdCounts } from './threshold-counts.ts';

export interface RocCurveOptions {
  /** The positive class (default 1, with yTrue in {0, 1} or {-1, 1}). */
  posLabel?: Label;
  /** Drop collinear points on straight runs (default true). */
  dropIntermediate?: boolean;
  /** One weight per sample: counts become sums of weights; samples of weight 0 are left out. */
  sampleWeight?: NumericInput;
}

export interface RocCurve {
  /** False positive rates, non-decreasing; NaN everywhere when there are no negatives. */
  fpr: Float64Array;
  /** True positive rates, non-decreasing; NaN everywhere when there are no positives. */
  tpr: Float64Array;
  /** Decreasing thresholds; the first is +Infinity. */
  thresholds: Float64Array;
}

/** Reads a binary problem for the ranking metrics: the positive mask and finite float64 scores. */
export function readRanking(yTrue: LabelInput, yScore: NumericInput, posLabel: Label | undefined, sampleWeight: unknown, where: string): ThresholdCounts {
  const t = readLabels(yTrue, `${where}: yTrue`);
  const s = toFloat64Vector(yScore, `${where}: yScore`);
  checkSameLength(t.length, s.length, 'yTrue', 'yScore', where);
  checkNotEmpty(t.length, 'yTrue', where);
  return thresholdCounts(positiveMask(t, posLabel, where), s, readWeights(sampleWeight, t.length, where));
}

/** The ROC curve of scores `yScore` (higher = more positive) against binary `yTrue`. */
export function rocCurve(yTrue: LabelInput, yScore: NumericInput, options?: RocCurveOptions): RocCurve {
  const where = 'rocCurve';
  const o = checkOptions(options, ['posLabel', 'dropIntermediate', 'sampleWeight'], where);
  const drop = checkChoice(o.dropIntermediate ?? true, [true, false], `${where}: dropIntermediate`);
  const c = readRanking(yTrue, yScore, o.posLabel, o.sampleWeight, where);
  let m = c.fps.length;
  const keep = new Int32Array(m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const inner = k > 0 && k < m - 1;
    if (drop && m > 2 && inner) {
      const dfp = c.fps[k + 1]! - 2 * c.fps[k]! + c.fps[k - 1]!, dtp = c.tps[k + 1]! - 2 * c.tps[k]! + c.tps[k - 1]!;
      if (dfp === 0 && dtp === 0) continue;
    }
    keep[kept++] = k;
  }
  m = kept;
  const fpr = new Float64Array(m + 1), tpr = new Float64Array(m + 1), thresholds = new Float64Array(m + 1);
  const N = c.fps[c.fps.length - 1]!, P = c.tps[c.tps.length - 1]!;
  thresholds[0] = Infinity;
  fpr[0] = N > 0 ? 0 : NaN;
  tpr[0] = P > 0 ? 0 : NaN;
  for (let r = 0; r < m; r++) {
    const k = keep[r]!;
    fpr[r + 1] = N > 0 ? c.fps[k]! / N : NaN;
    tpr[r + 1] = P > 0 ? c.tps[k]! / P : NaN;
    thresholds[r + 1] = c.thresholds[k]!;
  }
  return { fpr, tpr, thresholds };
}
