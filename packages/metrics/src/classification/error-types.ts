// Type I and type II errors of a binary classifier, for the positive class posLabel:
// type I = false positives FP, rate FP/(FP+TN) (the false positive rate, 1 - specificity);
// type II = false negatives FN, rate FN/(FN+TP) (the false negative rate, 1 - recall).
// The counts are those of scikit-learn's confusion matrix.
import { setWiseCounts, zeroDivisionValue } from './averaging.ts';
import { checkOptions, type NumericInput, readWeights } from './inputs.ts';
import { type Label, type LabelInput, readLabelPair } from './labels.ts';

export interface ErrorTypes {
  /** False positives: negatives predicted positive. */
  typeI: number;
  /** False negatives: positives predicted negative. */
  typeII: number;
  /** FP / (FP + TN); zeroDivision when there are no negatives. */
  typeIRate: number;
  /** FN / (FN + TP); zeroDivision when there are no positives. */
  typeIIRate: number;
}

export interface ErrorTypesOptions {
  /** The positive class (default 1). */
  posLabel?: Label;
  /** What 0/0 becomes: 'warn' (0, the default), 0, 1 or NaN. */
  zeroDivision?: 'warn' | number;
  /** One weight per sample: the counts are sums of weights. */
  sampleWeight?: NumericInput;
}

/** Type I and type II error counts and rates of a binary problem (at most two labels). */
export function errorTypes(yTrue: LabelInput, yPred: LabelInput, options?: ErrorTypesOptions): ErrorTypes {
  const where = 'errorTypes';
  const o = checkOptions(options, ['posLabel', 'zeroDivision', 'sampleWeight'], where);
  const zero = zeroDivisionValue(o.zeroDivision ?? 'warn', `${where}: zeroDivision`);
  const [t, p] = readLabelPair(yTrue, yPred, where);
  const c = setWiseCounts(t, p, 'binary', undefined, o.posLabel ?? 1, readWeights(o.sampleWeight, t.length, where), where);
  const tp = c.tp[0]!, fp = c.pred[0]! - tp, fn = c.true[0]! - tp, tn = c.total(0) - tp - fp - fn;
  return {
    typeI: fp,
    typeII: fn,
    typeIRate: fp + tn === 0 ? zero : fp / (fp + tn),
    typeIIRate: fn + tp === 0 ? zero : fn / (fn + tp),
  };
}
