// Row selection shared by the splitters and the cross-validation loops: rows of a Matrix, entries
// of a label array (kept in its own kind: number[], string[] or typed array), seeded permutations.
import { ArgumentError, type Generator, type Matrix, type MatrixInput, ShapeError } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';

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

export function takeRows(X: Matrix, rows: ArrayLike<number>): Matrix {
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
