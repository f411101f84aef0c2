// Multilabel indicator matrices (scikit-learn's 'multilabel-indicator' targets): one row per
// sample, one 0/1 column per label, given as number[][] or a rank-2 Tensor. The labels of such a
// target are its column indices.
import { ArgumentError, Tensor } from '@neurite/tensor';
import { checkSameLength, checkNotEmpty, describe, type Float64Matrix, toFloat64Matrix } from './inputs.ts';
import { checkLabelList } from './labels.ts';
import type { ClassCounts } from './class-counts.ts';

/** A multilabel indicator matrix: rows of 0/1 per label. */
export type IndicatorInput = readonly (readonly number[])[] | Tensor;

/**
 * True when `y` has the form of an indicator matrix: an array of rows or a rank-2 Tensor with at
 * least two columns (one column is a column vector of labels, as scikit-learn's type_of_target sees it).
 */
export function isIndicator(y: unknown): boolean {
  if (y instanceof Tensor) return y.rank === 2 && y.shape[1]! > 1;
  return Array.isArray(y) && y.length > 0 && (Array.isArray(y[0]) || ArrayBuffer.isView(y[0])) && (y[0] as ArrayLike<unknown>).length > 1;
}

/** Reads two indicator matrices of one shape holding only 0 and 1. */
export function readIndicatorPair(yTrue: unknown, yPred: unknown, where: string): [Float64Matrix, Float64Matrix] {
  const t = toFloat64Matrix(yTrue, `${where}: yTrue`), p = toFloat64Matrix(yPred, `${where}: yPred`);
  if (t.ndim !== 2 || p.ndim !== 2) throw new ArgumentError(`${where}: yTrue and yPred must both be label vectors or both indicator matrices (a mix of multilabel and multiclass targets)`);
  checkSameLength(t.rows, p.rows, 'yTrue', 'yPred', where);
  checkNotEmpty(t.rows, 'yTrue', where);
  if (t.cols !== p.cols) throw new ArgumentError(`${where}: yTrue has ${t.cols} label columns but yPred has ${p.cols}`);
  for (const [m, name] of [[t, 'yTrue'], [p, 'yPred']] as const) {
    for (let i = 0; i < m.data.length; i++) {
      if (m.data[i] !== 0 && m.data[i] !== 1) throw new ArgumentError(`${where}: ${name} must hold only 0 and 1 in a multilabel indicator matrix, got ${m.data[i]}`);
    }
  }
  return [t, p];
}

/** The reported columns: `labels` (column indices, checked) or every column. */
export function indicatorColumns(labels: unknown, cols: number, where: string): number[] {
  if (labels === undefined) return Array.from({ length: cols }, (_, j) => j);
  const list = checkLabelList(labels, `${where}: labels`);
  for (const l of list) {
    if (typeof l !== 'number' || l !== Math.floor(l) || l < 0 || l >= cols) throw new ArgumentError(`${where}: labels must be column indices in [0, ${cols}) for indicator matrices, got ${describe(l)}`);
  }
  return list as number[];
}

/**
 * True positives, predicted and true counts per column of `columns` or, `samplewise`, per sample
 * over those columns (scikit-learn's multilabel_confusion_matrix).
 */
export function indicatorCounts(t: Float64Matrix, p: Float64Matrix, columns: readonly number[], samplewise: boolean, weights: Float64Array | null = null): ClassCounts {
  const k = samplewise ? t.rows : columns.length;
  const tp = new Float64Array(k), pred = new Float64Array(k), truth = new Float64Array(k);
  for (let i = 0; i < t.rows; i++) {
    const w = weights === null ? 1 : weights[i]!;
    for (let c = 0; c < columns.length; c++) {
      const j = columns[c]!, a = t.data[i * t.cols + j]! * w, b = p.data[i * t.cols + j]! * w;
      const slot = samplewise ? i : c;
      tp[slot]! += a * p.data[i * t.cols + j]!;
      pred[slot]! += b;
      truth[slot]! += a;
    }
  }
  return { tp, pred, true: truth };
}

/**
 * The total behind true negatives (TN = total - TP - FP - FN): per column the number (or weight) of
 * samples; per sample the number of labels (times the sample's weight), as scikit-learn.
 */
export function indicatorTotals(labels: number, rows: number, samplewise: boolean, weights: Float64Array | null): (k: number) => number {
  if (samplewise) return (k) => labels * (weights === null ? 1 : weights[k]!);
  const total = weights === null ? rows : weights.reduce((a, b) => a + b, 0);
  return () => total;
}
