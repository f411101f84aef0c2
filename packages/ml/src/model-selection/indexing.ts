// Row selection shared by the splitters and the cross-validation loops: rows of a Matrix, entries
// of a label array (kept in its own kind: number[], string[] or typed array), seeded permutations.
import { ArgumentError, type Generator, type Matrix, type MatrixInput, ShapeError } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import { readTable, type TableColumns } from '../base/table-input.ts';

/** One train/test split: row indices into the data. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** The number of samples of X given as data, a Matrix-like, or a count. */
export function sampleCount(X: MatrixInput | number, what: string): number {
  if (typeof X === 'number') {
    if (!Number.isInteger(X) || X < 0) throw new ArgumentError(`${what}: a sample count must be an integer >= 0, got ${X}`);
    return X;
  }
  if (Array.isArray(X)) return X.length;
  if (X === null || typeof X !== 'object') throw new ArgumentError(`${what}: expected a matrix, a Tensor or a sample count, got ${X === null ? 'null' : typeof X}`);
  const m = X as { rows?: unknown; shape?: unknown };
  if (typeof m.rows === 'number' && Number.isInteger(m.rows) && m.rows >= 0) return m.rows;
  if (Array.isArray(m.shape) && m.shape.length >= 1 && Number.isInteger(m.shape[0]) && m.shape[0] >= 0) return m.shape[0] as number;
  throw new ArgumentError(`${what}: expected a matrix, a Tensor or a sample count`);
}

/**
 * Samples as model selection holds them: a numeric Matrix, or samples of another kind kept as given
 * (texts for a vectorizer, rows of a mixed table, or a table's named columns), whose row subsets
 * keep their kind, so a Pipeline beginning with a vectorizer or a ColumnTransformer cross-validates.
 */
export type Samples = Matrix | { rows: number; list: readonly unknown[] } | { rows: number; table: TableColumns };

/** X read for row selection; a mixed table is checked once here. */
export function toSamples(X: unknown, what: string): Samples {
  if (Array.isArray(X) && X.length > 0 && X.every((v) => typeof v === 'string')) return { rows: X.length, list: X };
  const o = X as { columns?: unknown } | null;
  if (o !== null && typeof o === 'object' && !Array.isArray(o) && 'columns' in o && !('data' in o)) {
    const t = readTable(o as TableColumns, what);
    return { rows: t.rows, table: o as TableColumns };
  }
  // A numeric matrix may hold NaN (missing values for an imputer); the estimator decides.
  const read = readTable(X as MatrixInput, what);
  return 'columns' in read ? { rows: read.rows, list: X as readonly unknown[] } : read;
}

export function takeRows(X: Matrix, rows: ArrayLike<number>): Matrix;
/** Rows of samples of another kind keep their kind (typed as MatrixInput, what estimators' fit is typed to take). */
export function takeRows(X: Samples, rows: ArrayLike<number>): MatrixInput;
export function takeRows(X: Samples, rows: ArrayLike<number>): unknown {
  if ('list' in X) return Array.from(rows, (r) => X.list[r]);
  if ('table' in X) return { ...X.table, columns: X.table.columns.map((c) => Array.from(rows, (r) => c[r])) };
  const d = X.cols, out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) out.set(X.data.subarray(rows[r]! * d, (rows[r]! + 1) * d), r * d);
  return { rows: rows.length, cols: d, data: out };
}

export function takeLabels<L extends Labels>(y: L, rows: ArrayLike<number>): L {
  if (ArrayBuffer.isView(y)) {
    const Ctor = (y as unknown as { constructor: new (n: number) => Float64Array }).constructor;
    const out = new Ctor(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = (y as Float64Array)[rows[r]!]!;
    return out as unknown as L;
  }
  const out = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = (y as readonly unknown[])[rows[r]!];
  return out as unknown as L;
}

/** Fisher-Yates permutation of [0, n) from the generator. */
export function permutation(n: number, generator: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.random() * (i + 1));
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}

export function checkLabelCount(y: Labels | undefined, n: number, what: string): void {
  if (y !== undefined && y !== null && y.length !== n) throw new ShapeError(`${what}: ${y.length} labels for ${n} samples`);
}

/** Classes of y in order of first appearance and each sample's class (StratifiedKFold's encoding). */
export function classesByFirstAppearance(y: Labels): { count: number; codes: Int32Array } {
  const seen = new Map<unknown, number>();
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    let c = seen.get(v);
    if (c === undefined) {
      c = seen.size;
      seen.set(v, c);
    }
    codes[i] = c;
  }
  return { count: seen.size, codes };
}

/** Sorted-order class codes (numbers ascending, strings by code unit), as numpy's unique. */
export function classesSorted(y: Labels): { count: number; codes: Int32Array } {
  const values = [...new Set(Array.from(y as ArrayLike<number | string>))];
  values.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const index = new Map(values.map((v, i) => [v, i] as const));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) codes[i] = index.get(y[i] as number | string)!;
  return { count: values.length, codes };
}
