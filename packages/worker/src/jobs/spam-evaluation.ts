/**
 * The spam filter's decision threshold and test report, with @neurite/metrics: the threshold is the
 * probability at which F1 on the validation part is highest (every distinct validation score is a
 * candidate, from precisionRecallCurve); the test part is read once, at that threshold.
 */
import type * as Metrics from '@neurite/metrics';
import type { SpamModelKind, SpamModelReport } from './spam-types.ts';

/** The F1-best threshold on (probabilities, labels); ties go to the higher threshold (fewer false alarms). */
export function chooseThreshold(metrics: typeof Metrics, probabilities: Float64Array, labels: readonly number[]): { threshold: number; f1: number } {
  const { precision, recall, thresholds } = metrics.precisionRecallCurve(labels as number[], probabilities);
  let best = { threshold: 0.5, f1: -1 };
  for (let i = 0; i < thresholds.length; i++) {
    const p = precision[i]!, r = recall[i]!;
    const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;
    if (f1 >= best.f1) best = { threshold: thresholds[i]!, f1 };
  }
  return best;
}

export function testReport(
  metrics: typeof Metrics, kind: SpamModelKind, probabilities: Float64Array, labels: readonly number[], threshold: number, validationF1: number,
): SpamModelReport {
  const y = labels as number[];
  const predicted = Array.from(probabilities, (p) => (p >= threshold ? 1 : 0));
  const [[tn, fp], [fn, tp]] = metrics.confusionMatrix(y, predicted, { labels: [0, 1] }) as [[number, number], [number, number]];
  const roc = metrics.rocCurve(y, probabilities);
  return {
    kind, threshold, validationF1,
    accuracy: metrics.accuracyScore(y, predicted),
    precision: metrics.precisionScore(y, predicted, { zeroDivision: 0 }),
    recall: metrics.recallScore(y, predicted, { zeroDivision: 0 }),
    f1: metrics.f1Score(y, predicted, { zeroDivision: 0 }),
    rocAuc: metrics.rocAucScore(y, probabilities) as number,
    roc: { fpr: Float64Array.from(roc.fpr), tpr: Float64Array.from(roc.tpr) },
    confusion: { tn, fp, fn, tp },
  };
}
