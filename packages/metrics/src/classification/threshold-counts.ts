// False and true positive counts at every distinct score, from the highest score down, as
// scikit-learn 1.9's confusion_matrix_at_thresholds: at threshold s, a sample is predicted
// positive when its score >= s. Instead of one stable argsort of all samples, the scores of the
// positives and of the negatives are sorted separately as 64-bit keys (radix sorts, radix-sort.ts)
// and merged from the top, grouping equal scores: the counts are identical and the work is two
// linear-time sorts and one pass.
import { sortedKeysWhere, valueOfKey } from './radix-sort.ts';

export interface ThresholdCounts {
  /** Negatives with score >= thresholds[i] (non-decreasing). */
  fps: Float64Array;
  /** Positives with score >= thresholds[i] (non-decreasing). */
  tps: Float64Array;
  /** The distinct scores, decreasing. */
  thresholds: Float64Array;
}

/**
 * Counts at each distinct score; `scores` must be finite (checked by the caller). With `weights`
 * the counts are sums of weights and samples of weight 0 are left out (scikit-learn drops them).
 */
export function thresholdCounts(positive: Uint8Array, scores: Float64Array, weights: Float64Array | null = null): ThresholdCounts {
  const n = scores.length;
  let p = 0, q = 0;
  let selection = positive;
  if (weights !== null) {
    // 2 marks a sample of weight 0: in neither class.
    selection = new Uint8Array(n);
    for (let i = 0; i < n; i++) selection[i] = weights[i] === 0 ? 2 : positive[i]!;
  }
  for (let i = 0; i < n; i++) {
    if (selection[i] === 1) p++;
    else if (selection[i] === 0) q++;
  }
  const pos = sortedKeysWhere(scores, selection, 1, p, weights), neg = sortedKeysWhere(scores, selection, 0, q, weights);
  const fps = new Float64Array(n), tps = new Float64Array(n), thresholds = new Float64Array(n);
  let i = p - 1, j = q - 1, tp = 0, fp = 0, m = 0;
  while (i >= 0 || j >= 0) {
    // The larger of the two current keys (compared as (hi, lo)).
    let h: number, l: number;
    if (j < 0 || (i >= 0 && (pos.hi[i]! > neg.hi[j]! || (pos.hi[i] === neg.hi[j] && pos.lo[i]! >= neg.lo[j]!)))) {
      h = pos.hi[i]!;
      l = pos.lo[i]!;
    } else {
      h = neg.hi[j]!;
      l = neg.lo[j]!;
    }
    while (i >= 0 && pos.hi[i] === h && pos.lo[i] === l) {
      tp += pos.weight === null ? 1 : pos.weight[i]!;
      i--;
    }
    while (j >= 0 && neg.hi[j] === h && neg.lo[j] === l) {
      fp += neg.weight === null ? 1 : neg.weight[j]!;
      j--;
    }
    fps[m] = fp;
    tps[m] = tp;
    thresholds[m] = valueOfKey(h, l);
    m++;
  }
  return { fps: fps.subarray(0, m), tps: tps.subarray(0, m), thresholds: thresholds.subarray(0, m) };
}

/**
 * The area under the ROC curve straight from the counts: the trapezoids summed in integers
 * (exact below 2^53, i.e. for fewer than ~9.4e7 samples) and divided once by 2 P N.
 * Equal to the trapezoidal area of the normalised curve up to rounding. NaN without both classes.
 */
export function aucFromCounts(c: ThresholdCounts): number {
  const m = c.fps.length;
  if (m === 0) return NaN;
  const P = c.tps[m - 1]!, N = c.fps[m - 1]!;
  if (P === 0 || N === 0) return NaN;
  let area = 0, fp0 = 0, tp0 = 0;
  for (let k = 0; k < m; k++) {
    const fp = c.fps[k]!, tp = c.tps[k]!;
    area += (fp - fp0) * (tp + tp0);
    fp0 = fp;
    tp0 = tp;
  }
  return area / (2 * P * N);
}

