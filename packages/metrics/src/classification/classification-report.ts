// A text or object summary of precision, recall, F1 and support per class (or per label column of
// multilabel indicator matrices), with the accuracy (or micro average), macro average, weighted
// average (and, multilabel, samples average) rows, as scikit-learn 1.9's
// classification_report. The text form is laid out character for character as scikit-learn's
// (numbers rounded half to even on their exact binary value, as Python's format does).
import { ArgumentError } from '@neurite/tensor';
import { checkLabelList, type Label, type LabelInput, readLabelPair, uniqueLabels } from './labels.ts';
import { checkOptions, describe, type NumericInput } from './inputs.ts';
import { type IndicatorInput, indicatorColumns, isIndicator, readIndicatorPair } from './indicator.ts';
import { precisionRecallFscoreSupport } from './precision-recall-fscore.ts';
import type { ZeroDivision } from './averaging.ts';

export interface ClassificationReportOptions {
  /** The classes to report, in this order (default: the sorted labels of both vectors). */
  labels?: readonly Label[];
  /** Display names of the labels (same length as the labels). */
  targetNames?: readonly string[];
  /** Decimal places of the text form (default 2). */
  digits?: number;
  /** What 0/0 becomes: 'warn' (0, the default), 0, 1 or NaN. */
  zeroDivision?: ZeroDivision;
  /** One weight per sample: supports become sums of weights (printed as Python prints floats). */
  sampleWeight?: NumericInput;
}

/** One row of the report. */
export interface ReportRow { precision: number; recall: number; 'f1-score': number; support: number }

/** The object form: one row per class name, 'accuracy' (a number) or 'micro avg', 'macro avg', 'weighted avg'. */
export type ClassificationReportDict = Record<string, ReportRow | number>;

/**
 * Formats `x` with `digits` decimals as Python's format(x, '.{digits}f'): the exact binary value is
 * rounded to nearest, ties to even (JavaScript's toFixed breaks ties upward).
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const s = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const tail = exact.slice(exact.length - 60);
  if (tail[0] === '5' && /^5(0*)$/.test(tail)) {
    // An exact tie: toFixed rounded away from zero; step back if the kept digit would be odd.
    const kept = exact.slice(0, exact.length - 60);
    const last = Number(kept[kept.length - 1]);
    if (last % 2 === 0) return (x < 0 ? '-' : '') + (digits === 0 ? kept.replace(/\.$/, '') : kept);
  }
  return s;
}

/** Python's repr of a float for the usual magnitudes: integral values keep ".0". */
function pythonFloat(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** The report as text (default) or as an object (`outputDict: true`). */
export function classificationReport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options: ClassificationReportOptions & { outputDict: true }): ClassificationReportDict;
export function classificationReport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ClassificationReportOptions & { outputDict?: false }): string;
export function classificationReport(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: ClassificationReportOptions & { outputDict?: boolean }): string | ClassificationReportDict {
  const where = 'classificationReport';
  const o = checkOptions(options, ['labels', 'targetNames', 'digits', 'zeroDivision', 'outputDict', 'sampleWeight'], where);
  const digits = o.digits ?? 2;
  if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 20) throw new ArgumentError(`${where}: digits must be an integer in [0, 20], got ${describe(digits)}`);
  const multilabel = isIndicator(yTrue) || isIndicator(yPred);
  const labelsGiven = o.labels !== undefined;
  // scikit-learn's supports are floats (printed "3.0") with sample weights, and also, for label
  // vectors, when no sample at all is predicted right (its per-class counts then start from float zeros).
  let labels: Label[], microIsAccuracy: boolean, floatSupport = o.sampleWeight !== undefined;
  if (multilabel) {
    const [t] = readIndicatorPair(yTrue, yPred, where);
    labels = indicatorColumns(o.labels, t.cols, where);
    microIsAccuracy = false;
  } else {
    const [t, p] = readLabelPair(yTrue, yPred, where);
    const present = uniqueLabels([t, p]);
    labels = labelsGiven ? checkLabelList(o.labels, `${where}: labels`) : present;
    microIsAccuracy = !labelsGiven || present.every((l) => labels.includes(l));
    let anyRight = false;
    for (let i = 0; i < t.length && !anyRight; i++) anyRight = t.data[i] === p.data[i];
    if (!anyRight) floatSupport = true;
  }
  let names: string[];
  if (o.targetNames !== undefined) {
    if (!Array.isArray(o.targetNames) || o.targetNames.some((n) => typeof n !== 'string')) throw new ArgumentError(`${where}: targetNames must be an array of strings`);
    if (o.targetNames.length !== labels.length) throw new ArgumentError(`${where}: ${labels.length} labels but ${o.targetNames.length} targetNames; they must match`);
    names = o.targetNames.slice();
  } else {
    names = labels.map((l) => String(l));
  }
  const zeroDivision = o.zeroDivision ?? 'warn';
  const sampleWeight = o.sampleWeight;
  const perClass = precisionRecallFscoreSupport(yTrue, yPred, { labels, average: null, zeroDivision, ...(sampleWeight === undefined ? {} : { sampleWeight }) });
  const count = (v: number): string => (floatSupport ? pythonFloat(v) : String(v));
  const supportTotal = perClass.support.reduce((a, b) => a + b, 0);
  const averages = (multilabel ? ['micro', 'macro', 'weighted', 'samples'] as const : ['micro', 'macro', 'weighted'] as const).map((average) => {
    const r = precisionRecallFscoreSupport(yTrue, yPred, { labels, average, zeroDivision, ...(sampleWeight === undefined ? {} : { sampleWeight }) });
    return { heading: average === 'micro' && microIsAccuracy ? 'accuracy' : `${average} avg`, row: { precision: r.precision, recall: r.recall, 'f1-score': r.fScore, support: supportTotal } };
  });
  if (o.outputDict) {
    const out: ClassificationReportDict = {};
    names.forEach((name, k) => {
      out[name] = { precision: perClass.precision[k]!, recall: perClass.recall[k]!, 'f1-score': perClass.fScore[k]!, support: perClass.support[k]! };
    });
    for (const { heading, row } of averages) out[heading] = heading === 'accuracy' ? row.precision : row;
    return out;
  }
  const width = Math.max(...names.map((n) => n.length), 'weighted avg'.length, digits);
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  let report = pad('', width) + ' ' + headers.map((h) => ' ' + pad(h, 9)).join('') + '\n\n';
  const line = (name: string, row: ReportRow): string =>
    pad(name, width) + ' ' + [row.precision, row.recall, row['f1-score']].map((v) => ' ' + pad(formatFixed(v, digits), 9)).join('') + ' ' + pad(count(row.support), 9) + '\n';
  names.forEach((name, k) => {
    report += line(name, { precision: perClass.precision[k]!, recall: perClass.recall[k]!, 'f1-score': perClass.fScore[k]!, support: perClass.support[k]! });
  });
  report += '\n';
  for (const { heading, row } of averages) {
    if (heading === 'accuracy') {
      report += pad(heading, width) + ' ' + ' ' + pad('', 9) + ' ' + pad('', 9) + ' ' + pad(formatFixed(row['f1-score'], digits), 9) + ' ' + pad(count(row.support), 9) + '\n';
    } else {
      report += line(heading, row);
    }
  }
  return report;
}
