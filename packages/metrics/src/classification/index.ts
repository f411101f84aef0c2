// Classification metrics: confusion matrices, accuracy, precision / recall / F-beta with their
// averages, specificity, type I and II errors, Matthews correlation, the classification report,
// ROC and precision-recall curves with their areas, and log loss.
export type { Label, LabelInput } from './labels.ts';
export type { NumericInput } from './inputs.ts';
export type { Average, ZeroDivision } from './averaging.ts';
export type { IndicatorInput } from './indicator.ts';
export { confusionMatrix, type ConfusionMatrixOptions, multilabelConfusionMatrix, type MultilabelConfusionMatrixOptions } from './confusion-matrix.ts';
export { accuracyScore, type AccuracyOptions, balancedAccuracyScore, type BalancedAccuracyOptions } from './accuracy.ts';
export {
  f1Score, fbetaScore, type FbetaOptions, precisionRecallFscoreSupport, type PrecisionRecallFscoreSupport, precisionScore, recallScore,
  type ScoreOptions, sensitivity,
} from './precision-recall-fscore.ts';
export { specificity } from './specificity.ts';
export { errorTypes, type ErrorTypes, type ErrorTypesOptions } from './error-types.ts';
export { matthewsCorrcoef } from './matthews.ts';
export { classificationReport, type ClassificationReportDict, type ClassificationReportOptions, type ReportRow } from './classification-report.ts';
export { type RocCurve, rocCurve, type RocCurveOptions } from './roc-curve.ts';
export { type PrecisionRecallCurve, precisionRecallCurve, type PrecisionRecallCurveOptions } from './precision-recall-curve.ts';
export { type AveragePrecisionOptions, averagePrecisionScore, rocAucScore, type RocAucOptions, type ScoreInput } from './ranking-scores.ts';
export { logLoss, type LogLossOptions } from './log-loss.ts';
