// Missing-data detection and dropping. A value is missing when it is NaN, or when it equals
// `missingValue` if one is given (e.g. -1 or 0 as a sentinel). Infinities are not missing values:
// they are rejected, as scikit-learn's "allow-nan" check does.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { checkFinite, checkOneOf, describe, optionsOf } from '../base/validate.ts';

/** True for a missing value: NaN, or equal to `missingValue` when that is a number. */
export function isMissing(v: number, missingValue: number): boolean {
  return Number.isNaN(missingValue) ? Number.isNaN(v) : v === missingValue;
}

/** X as a Matrix that may hold NaN (and the sentinel) but no infinity. */
export function toMatrixWithMissing(X: MatrixInput, what: string): Matrix {
  const m = toMatrix(X, what, { allowNonFinite: true });
  for (let k = 0; k < m.data.length; k++) {
    const v = m.data[k]!;
    if (v === Infinity || v === -Infinity) throw new ArgumentError(`${what}: row ${Math.floor(k / m.cols)}, column ${k % m.cols} is ${v}, expected a finite number or NaN (missing)`);
  }
  return m;
}

function checkMissingValue(v: unknown, what: string): number {
  if (typeof v !== 'number' || v === Infinity || v === -Infinity) throw new ArgumentError(`${what}: missingValue must be NaN or a finite number, got ${describe(v)}`);
  return v;
}

/** The number of missing values in each column. */
export function missingCounts(X: MatrixInput, options: { missingValue?: number } = {}): number[] {
  const o = optionsOf(options, 'missingCounts');
  const missingValue = checkMissingValue(o.missingValue ?? NaN, 'missingCounts');
  const m = toMatrixWithMissing(X, 'missingCounts: X');
  const counts = new Array<number>(m.cols).fill(0);
  for (let k = 0; k < m.data.length; k++) if (isMissing(m.data[k]!, missingValue)) counts[k % m.cols]!++;
  return counts;
}

export interface DropMissingOptions {
  /** Drop rows or columns (default 'rows'). */
  axis?: 'rows' | 'columns';
  /** Drop a row/column whose fraction of missing values exceeds this (in [0, 1]; default 0: any missing value drops it). */
  threshold?: number;
  missingValue?: number;
}

export interface DropMissingResult {
  matrix: Matrix;
  /** Indices (in the input) of the rows or columns kept. */
  kept: number[];
}

/**
 * Drops the rows (or columns) whose fraction of missing values is above `threshold`, as
 * pandas' dropna with a fractional threshold. The result may have no rows or columns.
 */
export function dropMissing(X: MatrixInput, options: DropMissingOptions = {}): DropMissingResult {
  const o = optionsOf(options, 'dropMissing');
  const axis = checkOneOf(o.axis ?? 'rows', ['rows', 'columns'] as const, 'dropMissing: axis');
  const threshold = checkFinite(o.threshold ?? 0, 'dropMissing: threshold', 0, 1);
  const missingValue = checkMissingValue(o.missingValue ?? NaN, 'dropMissing');
  const m = toMatrixWithMissing(X, 'dropMissing: X');
  const { rows, cols, data } = m;
  const kept: number[] = [];
  if (axis === 'rows') {
    for (let i = 0; i < rows; i++) {
      let missing = 0;
      for (let j = 0; j < cols; j++) if (isMissing(data[i * cols + j]!, missingValue)) missing++;
      if (missing <= threshold * cols) kept.push(i);
    }
    const out = new Float64Array(kept.length * cols);
    kept.forEach((i, r) => out.set(data.subarray(i * cols, (i + 1) * cols), r * cols));
    return { matrix: { rows: kept.length, cols, data: out }, kept };
  }
  const counts = new Array<number>(cols).fill(0);
  for (let k = 0; k < data.length; k++) if (isMissing(data[k]!, missingValue)) counts[k % cols]!++;
  for (let j = 0; j < cols; j++) if (counts[j]! <= threshold * rows) kept.push(j);
  const out = new Float64Array(rows * kept.length);
  for (let i = 0; i < rows; i++) kept.forEach((j, c) => (out[i * kept.length + c] = data[i * cols + j]!));
  return { matrix: { rows, cols: kept.length, data: out }, kept };
}
