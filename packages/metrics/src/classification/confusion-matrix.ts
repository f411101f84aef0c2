// Confusion matrices, as scikit-learn 1.9's confusion_matrix and multilabel_confusion_matrix:
// C[i][j] counts the samples of true class labels[i] predicted as labels[j]; the labels are the
// sorted union of both vectors unless given, and samples whose true or predicted label is not in
// `labels` are left out.
import { ArgumentError } from '@neurite/tensor';
import { checkChoice, checkOptions, describe, type NumericInput, readWeights } from './inputs.ts';
import { type IndicatorInput, indicatorColumns, indicatorCounts, indicatorTotals, isIndicator, readIndicatorPair } from './indicator.ts';
import { checkLabelList, encodeLabels, type Label, type LabelInput, readLabelPair, uniqueLabels } from './labels.ts';
import { classCounts } from './class-counts.ts';

export interface ConfusionMatrixOptions {
  /** The classes, in the order of the rows and columns (default: the sorted labels of both vectors). */
  labels?: readonly Label[];
  /** Divide by the row sums ('true'), the column sums ('pred') or the total ('all'); 0/0 becomes 0. */
  normalize?: 'true' | 'pred' | 'all' | null;
  /** One weight per sample: each sample counts its weight instead of 1. */
  sampleWeight?: NumericInput;
}

/** The largest number of classes counted in one dense table by the fast path (pairs of labels). */
const DENSE_CLASSES = 1 << 10;

/**
 * Counts the pairs (true, predicted) of encoded labels into a k x k table; index -1 (a label not
 * in the class list) is skipped. One pass.
 */
export function countPairs(t: Int32Array, p: Int32Array, k: number, weights: Float64Array | null = null): Float64Array {
  const table = new Float64Array(k * k);
  for (let i = 0; i < t.length; i++) {
    const a = t[i]!, b = p[i]!;
    if (a >= 0 && b >= 0) table[a * k + b]! += weights === null ? 1 : weights[i]!;
  }
  return table;
}

function isIntegerTyped(x: unknown): boolean {
  return x instanceof Int32Array || x instanceof Int16Array || x instanceof Int8Array || x instanceof Uint16Array || x instanceof Uint8Array;
}

/**
 * Counts pairs from index i while both labels lie in [lo, lo + span); returns the index of the
 * first pair that does not (n when all do). Integer typed arrays need no integrality test.
 */
function countIntegerRun(a: Int32Array, b: Int32Array, i: number, lo: number, span: number, table: Float64Array): number {
  const n = a.length;
  for (; i < n; i++) {
    const x = (a[i]! - lo) >>> 0, y = (b[i]! - lo) >>> 0;
    if (x >= span || y >= span) break;
    table[x * span + y]!++;
  }
  return i;
}

/** countIntegerRun for any array: labels must also be integers (fractions, strings and NaN stop the run). */
function countRun(a: ArrayLike<number>, b: ArrayLike<number>, i: number, lo: number, span: number, table: Float64Array): number {
  const n = a.length;
  for (; i < n; i++) {
    const x = a[i]! - lo, y = b[i]! - lo;
    if (x >>> 0 !== x || y >>> 0 !== y || x >= span || y >= span) break;
    table[x * span + y]!++;
  }
  return i;
}

/**
 * One pass for integer labels that span at most DENSE_CLASSES values: counts the pairs straight
 * into a dense table indexed by value - lo, growing the table (and its range) when a label falls
 * outside it. Returns null for anything else (strings, fractions, a wide range, a Tensor), which
 * then takes the general path and its checks.
 */
function countDenseOnePass(yTrue: unknown, yPred: unknown): { table: Float64Array; lo: number; span: number } | null {
  const plain = (y: unknown): y is ArrayLike<number> => Array.isArray(y) || (ArrayBuffer.isView(y) && !(y instanceof DataView));
  if (!plain(yTrue) || !plain(yPred) || yTrue.length !== yPred.length || yTrue.length === 0) return null;
  const a = yTrue, b = yPred, n = a.length;
  let lo = a[0]!, span = 1, table = new Float64Array(1), i = 0;
  if (typeof lo !== 'number' || !Number.isInteger(lo)) return null;
  const integers = isIntegerTyped(a) && isIntegerTyped(b);
  for (;;) {
    i = integers ? countIntegerRun(a as Int32Array, b as Int32Array, i, lo, span, table) : countRun(a, b, i, lo, span, table);
    if (i === n) return { table, lo, span };
    const u = a[i], v = b[i];
    if (typeof u !== 'number' || typeof v !== 'number' || !Number.isInteger(u) || !Number.isInteger(v)) return null;
    const newLo = Math.min(lo, u, v), newSpan = Math.max(lo + span - 1, u, v) - newLo + 1;
    if (newSpan > DENSE_CLASSES) return null;
    const grown = new Float64Array(newSpan * newSpan), shift = lo - newLo;
    for (let r = 0; r < span; r++) for (let c = 0; c < span; c++) grown[(r + shift) * newSpan + c + shift] = table[r * span + c]!;
    [table, lo, span] = [grown, newLo, newSpan];
  }
}

/** Divides a k x k count table as scikit-learn's `normalize` does; 0/0 gives 0 (np.nan_to_num). */
function normalizeTable(table: Float64Array, k: number, normalize: 'true' | 'pred' | 'all'): void {
  const divide = (i: number, s: number): void => {
    const v = table[i]! / s;
    table[i] = Number.isNaN(v) ? 0 : v;
  };
  if (normalize === 'all') {
    let s = 0;
    for (let i = 0; i < table.length; i++) s += table[i]!;
    for (let i = 0; i < table.length; i++) divide(i, s);
    return;
  }
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += normalize === 'true' ? table[a * k + b]! : table[b * k + a]!;
    for (let b = 0; b < k; b++) divide(normalize === 'true' ? a * k + b : b * k + a, s);
  }
}

function toRows(table: Float64Array, k: number): number[][] {
  const rows: number[][] = [];
  for (let a = 0; a < k; a++) rows.push(Array.from(table.subarray(a * k, a * k + k)));
  return rows;
}

/**
 * The confusion matrix of `yTrue` against `yPred` (numbers or strings; arrays, typed arrays or
 * Tensors): rows are true classes, columns predicted classes.
 * Errors: ShapeError if the lengths differ or are 0; ArgumentError for an unknown option, an
 * empty or duplicated `labels`, or `labels` none of which occurs in `yTrue`.
 */
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options?: ConfusionMatrixOptions): number[][] {
  const where = 'confusionMatrix';
  const o = checkOptions(options, ['labels', 'normalize', 'sampleWeight'], where);
  const normalize = checkChoice(o.normalize ?? null, ['true', 'pred', 'all', null] as const, `${where}: normalize`);
  let table: Float64Array, k: number;
  const dense = o.labels === undefined && o.sampleWeight === undefined ? countDenseOnePass(yTrue, yPred) : null;
  if (dense !== null) {
    // Keep the rows and columns of the labels that occur (np.unique of both vectors).
    const size = dense.span, present: number[] = [];
    for (let c = 0; c < size; c++) {
      let any = false;
      for (let j = 0; j < size && !any; j++) any = dense.table[c * size + j]! > 0 || dense.table[j * size + c]! > 0;
      if (any) present.push(c);
    }
    k = present.length;
    table = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) table[a * k + b] = dense.table[present[a]! * size + present[b]!]!;
  } else if (o.labels === undefined) {
    const [t, p] = readLabelPair(yTrue, yPred, where);
    const weights = readWeights(o.sampleWeight, t.length, where);
    const classes = uniqueLabels([t, p]);
    k = classes.length;
    table = countPairs(encodeLabels(t, classes), encodeLabels(p, classes), k, weights);
  } else {
    const [t, p] = readLabelPair(yTrue, yPred, where);
    const weights = readWeights(o.sampleWeight, t.length, where);
    const labels = checkLabelList(o.labels, `${where}: labels`);
    const ti = encodeLabels(t, labels), pi = encodeLabels(p, labels);
    if (!ti.some((v) => v >= 0)) throw new ArgumentError(`${where}: none of labels [${labels.map(describe).join(', ')}] occurs in yTrue; at least one must`);
    k = labels.length;
    table = countPairs(ti, pi, k, weights);
  }
  if (normalize !== null) normalizeTable(table, k, normalize);
  return toRows(table, k);
}

export interface MultilabelConfusionMatrixOptions {
  /** The classes (or, for indicator matrices, the column indices) to report, in this order. */
  labels?: readonly Label[];
  /** Multilabel indicator input only: one matrix per sample instead of per class. */
  samplewise?: boolean;
  /** One weight per sample. */
  sampleWeight?: NumericInput;
}

/**
 * One 2x2 matrix [[tn, fp], [fn, tp]] per class (one-vs-rest), as scikit-learn's
 * multilabel_confusion_matrix: from label vectors (multiclass) or from 0/1 indicator matrices
 * number[][] (multilabel, one column per label). Labels given but absent give zero counts.
 */
export function multilabelConfusionMatrix(yTrue: LabelInput | IndicatorInput, yPred: LabelInput | IndicatorInput, options?: MultilabelConfusionMatrixOptions): number[][][] {
  const where = 'multilabelConfusionMatrix';
  const o = checkOptions(options, ['labels', 'samplewise', 'sampleWeight'], where);
  const samplewise = checkChoice(o.samplewise ?? false, [true, false], `${where}: samplewise`);
  if (isIndicator(yTrue) || isIndicator(yPred)) return multilabelIndicator(yTrue, yPred, o.labels, samplewise, o.sampleWeight, where);
  if (samplewise) throw new ArgumentError(`${where}: samplewise is only available for multilabel indicator matrices`);
  const [t, p] = readLabelPair(yTrue, yPred, where);
  const present = uniqueLabels([t, p]);
  const labels = o.labels === undefined ? present : checkLabelList(o.labels, `${where}: labels`);
  const weights = readWeights(o.sampleWeight, t.length, where);
  const stats = classCounts(t, p, labels, weights);
  const n = weights === null ? t.length : weights.reduce((a, b) => a + b, 0);
  return labels.map((_, c) => {
    const tp = stats.tp[c]!, fp = stats.pred[c]! - tp, fn = stats.true[c]! - tp;
    return [[n - tp - fp - fn, fp], [fn, tp]];
  });
}

function multilabelIndicator(yTrue: unknown, yPred: unknown, labels: readonly Label[] | undefined, samplewise: boolean, sampleWeight: unknown, where: string): number[][][] {
  const [t, p] = readIndicatorPair(yTrue, yPred, where);
  const weights = readWeights(sampleWeight, t.rows, where);
  const columns = indicatorColumns(labels, t.cols, where);
  const c = indicatorCounts(t, p, columns, samplewise, weights);
  const negatives = indicatorTotals(columns.length, t.rows, samplewise, weights);
  return Array.from(c.tp, (tp, k) => {
    const fp = c.pred[k]! - tp, fn = c.true[k]! - tp;
    return [[negatives(k) - tp - fp - fn, fp], [fn, tp]];
  });
}
