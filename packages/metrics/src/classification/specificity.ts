// Specificity (true negative rate) TN/(TN+FP) per class, one-vs-rest, with the averaging of
// precision and recall (averaging.ts). scikit-learn has no specificity function; it equals
// recall_score of the negative class in the binary case, and the counts are those of
// multilabel_confusion_matrix: TN = n - TP - FP - FN.
import { type Average, checkAverage, divide, reduce, readSetWise, total, zeroDivisionValue } from './averaging.ts';
import { checkOptions } from './inputs.ts';
import type { LabelInput } from './labels.ts';
import type { IndicatorInput } from './indicator.ts';
import type { ScoreOptions } from './precision-recall-fscore.ts';

/** Specificity TN/(TN+FP); averaging and options as precisionScore (micro sums TN and FP first). */
export function specificity(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: ScoreOptions & { average: null }): number[];
export function specificity(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions & { average?: Average }): number;
export function specificity(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[];
export function specificity(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ScoreOptions): number | number[] {
  const where = 'specificity';
  const o = checkOptions(options, ['average', 'labels', 'posLabel', 'zeroDivision', 'sampleWeight'], where);
  const average = checkAverage(o.average, where);
  const zero = zeroDivisionValue(o.zeroDivision ?? 'warn', `${where}: zeroDivision`);
  const c = readSetWise(yTrue, yPred, average, o.labels, o.posLabel ?? 1, o.sampleWeight, where);
  let tn: Float64Array = new Float64Array(c.tp.length), negatives: Float64Array = new Float64Array(c.tp.length);
  for (let k = 0; k < tn.length; k++) {
    const fp = c.pred[k]! - c.tp[k]!, fn = c.true[k]! - c.tp[k]!;
    tn[k] = c.total(k) - c.tp[k]! - fp - fn;
    negatives[k] = tn[k]! + fp;
  }
  if (average === 'micro') [tn, negatives] = [total(tn), total(negatives)];
  return reduce(divide(tn, negatives, zero), average, c.true, c.weights);
}
