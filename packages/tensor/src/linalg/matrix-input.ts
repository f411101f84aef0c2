// Input coercion shared by the estimators of @neurite/ml and the transformers of @neurite/features
// (DESIGN.md section 4): a 2-D table given as number[][], a typed matrix { data, shape: [rows, cols] },
// a dense Matrix { rows, cols, data } or a rank-2 Tensor becomes one row-major float64 Matrix.
// Every row length and size is checked before anything is allocated.
import { ArgumentError, ShapeError } from '../errors.ts';
import { Tensor } from '../tensor.ts';
import { checkSize, describeValue, MAX_ELEMENTS } from '../validate.ts';
import type { Matrix } from './dense.ts';

/** What estimators accept as a table of samples (rows) by features (columns). */
export type MatrixInput =
  | readonly (readonly number[])[]
  | { readonly data: ArrayLike<number>; readonly shape: readonly [number, number] | readonly number[] }
  | Matrix
  | Tensor;

/**
 * Copies `input` into a new float64 row-major Matrix. `what` names the argument in errors.
 * With `allowNonFinite` false (the default) NaN and infinities are rejected (ArgumentError naming the cell),
 * as scikit-learn's check_array does; imputers pass true. With `copy` false, a Matrix or
 * { data, shape } whose data is a Float64Array of exactly rows x cols values is returned over that
 * same array (for callers that only read it: no copy of a large table).
 */
export function toMatrix(input: MatrixInput, what = 'X', options: { allowNonFinite?: boolean; copy?: boolean } = {}): Matrix {
  const m = copyToMatrix(input, what, options.copy ?? true);
  if (!options.allowNonFinite) {
    const d = m.data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i]!)) throw new ArgumentError(`${what}: row ${Math.floor(i / m.cols)}, column ${i % m.cols} is ${d[i]}, expected a finite number`);
    }
  }
  return m;
}

function copyToMatrix(input: MatrixInput, what: string, copy: boolean): Matrix {
  if (input instanceof Tensor) {
    if (input.rank !== 2) throw new ShapeError(`${what}: expected a rank-2 tensor [samples, features], got shape [${input.shape.join(', ')}]`);
    const [rows, cols] = input.shape as [number, number];
    return { rows, cols, data: Float64Array.from(input.toArray()) };
  }
  if (Array.isArray(input)) {
    const rows = input.length;
    if (rows === 0) throw new ShapeError(`${what}: expected at least one row, got an empty array`);
    const first = input[0];
    if (!Array.isArray(first) && !ArrayBuffer.isView(first)) throw new ArgumentError(`${what}: expected an array of rows (number[][]), got row 0 as ${describeValue(first)}`);
    const cols = (first as ArrayLike<number>).length;
    if (rows * cols > MAX_ELEMENTS) throw new ShapeError(`${what}: ${rows}x${cols} is more than ${MAX_ELEMENTS} values`);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = input[i] as unknown;
      if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw new ArgumentError(`${what}: row ${i} is ${describeValue(row)}, expected an array of numbers`);
      const r = row as ArrayLike<unknown>;
      if (r.length !== cols) throw new ShapeError(`${what}: row ${i} has ${r.length} values, row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== 'number') throw new ArgumentError(`${what}: row ${i}, column ${j} is ${describeValue(v)}, expected a number`);
        data[i * cols + j] = v;
      }
    }
    return { rows, cols, data };
  }
  if (input === null || typeof input !== 'object') throw new ArgumentError(`${what}: expected number[][], { data, shape }, a Matrix or a Tensor, got ${describeValue(input)}`);
  const o = input as { data?: unknown; shape?: unknown; rows?: unknown; cols?: unknown };
  let rows: number, cols: number;
  if (o.shape !== undefined) {
    if (!Array.isArray(o.shape) || o.shape.length !== 2) throw new ShapeError(`${what}: shape must be [rows, cols], got ${describeValue(o.shape)}`);
    rows = checkSize(o.shape[0], `${what}: shape[0]`);
    cols = checkSize(o.shape[1], `${what}: shape[1]`);
  } else {
    rows = checkSize(o.rows, `${what}: rows`);
    cols = checkSize(o.cols, `${what}: cols`);
  }
  const data = o.data as ArrayLike<unknown> | undefined;
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') throw new ArgumentError(`${what}: data must be an array or typed array of numbers, got ${describeValue(data)}`);
  if (rows * cols > MAX_ELEMENTS) throw new ShapeError(`${what}: ${rows}x${cols} is more than ${MAX_ELEMENTS} values`);
  if (data.length !== rows * cols) throw new ShapeError(`${what}: a ${rows}x${cols} matrix needs ${rows * cols} values, data has ${data.length}`);
  if (!copy && data instanceof Float64Array) return { rows, cols, data };
  const out = new Float64Array(rows * cols);
  // Float arrays hold only numbers: one block copy instead of a checked loop.
  if (data instanceof Float64Array || data instanceof Float32Array) {
    out.set(data);
    return { rows, cols, data: out };
  }
  for (let i = 0; i < out.length; i++) {
    const v = data[i];
    if (typeof v !== 'number') throw new ArgumentError(`${what}: element ${i} is ${describeValue(v)}, expected a number`);
    out[i] = v;
  }
  return { rows, cols, data: out };
}
