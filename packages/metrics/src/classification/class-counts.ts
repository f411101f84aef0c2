// Per-class counts behind the set-wise metrics (scikit-learn's multilabel_confusion_matrix for
// label vectors): true positives, predicted counts and true counts (supports), one pass.
import { encodeLabels, type Label, type LabelColumn } from './labels.ts';

/** Per-class true positives, predicted counts and true counts (supports) of `labels`, one pass. */
export interface ClassCounts { tp: Float64Array; pred: Float64Array; true: Float64Array }

/** Counts tp, predicted and true per label of `labels` (which may include absent labels); each sample counts its weight (1 without weights). */
export function classCounts(t: LabelColumn, p: LabelColumn, labels: readonly Label[], weights: Float64Array | null = null): ClassCounts {
  const k = labels.length;
  const ti = encodeLabels(t, labels), pi = encodeLabels(p, labels);
  const tp = new Float64Array(k), pred = new Float64Array(k), truth = new Float64Array(k);
  for (let i = 0; i < ti.length; i++) {
    const a = ti[i]!, b = pi[i]!, w = weights === null ? 1 : weights[i]!;
    if (a >= 0) truth[a]! += w;
    if (b >= 0) pred[b]! += w;
    if (a >= 0 && a === b) tp[a]! += w;
  }
  return { tp, pred, true: truth };
}
