// The positive-class mask of a binary target for the ranking metrics (ROC, precision-recall), as
// scikit-learn 1.9's confusion_matrix_at_thresholds and _check_pos_label_consistency: without
// posLabel the labels must be a subset of {0, 1} or {-1, 1} and the positive class is 1; with
// posLabel, yTrue may have more classes (one class against the rest).
import { ArgumentError } from '@neurite/tensor';
import { describe } from './inputs.ts';
import { type Label, type LabelColumn, uniqueLabels } from './labels.ts';

/** 1 where yTrue equals the positive class, else 0. */
export function positiveMask(t: LabelColumn, posLabel: Label | undefined, where: string): Uint8Array {
  if (posLabel === undefined) {
    // Numeric labels within [0, 1] are a subset of {0, 1}: no scan of the label set is needed.
    const fast = t.kind === 'number' && t.min >= 0 && t.max <= 1;
    const classes = fast ? [] : uniqueLabels([t]);
    if (classes.length > 2) throw new ArgumentError(`${where}: yTrue has ${classes.length} classes; give posLabel to score one class against the rest`);
    const ok = fast || classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (!ok) throw new ArgumentError(`${where}: yTrue takes values in {${classes.map(describe).join(', ')}} and posLabel is not specified: either make yTrue in {0, 1} or {-1, 1} or pass posLabel`);
    posLabel = 1;
  } else if (typeof posLabel !== 'number' && typeof posLabel !== 'string') {
    throw new ArgumentError(`${where}: posLabel must be a number or a string, got ${describe(posLabel)}`);
  }
  const n = t.length, mask = new Uint8Array(n), d = t.data as ArrayLike<Label>;
  for (let i = 0; i < n; i++) mask[i] = d[i] === posLabel ? 1 : 0;
  return mask;
}
