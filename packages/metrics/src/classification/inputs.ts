// Input checks shared by every metric of this package: option objects (unknown keys are an
// ArgumentError, as scikit-learn's parameter validation rejects unknown values), numeric vectors
// given as number[], typed arrays or Tensors, and the description of a bad value in messages.
import { ArgumentError, ShapeError, Tensor } from '@neurite/tensor';

/** A one-dimensional numeric input: number[], any typed array or a Tensor (read with toArray()). */
export type NumericInput = readonly number[] | ArrayLike<number> | Tensor;

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `allowed`; returns it
 * (or an empty object). `what` names the function in the message.
 */
export function checkOptions<T extends object>(options: T | undefined, allowed: readonly string[], what: string): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${what}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new ArgumentError(`${what}: unknown option ${JSON.stringify(key)}; expected one of ${allowed.join(', ')}`);
  }
  return options;
}

/** Checks that `value` is one of `choices` (compared with ===); `what` names the argument. */
export function checkChoice<T>(value: unknown, choices: readonly T[], what: string): T {
  if (!choices.includes(value as T)) {
    throw new ArgumentError(`${what} must be one of ${choices.map((c) => (c === null ? 'null' : JSON.stringify(c))).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** True for number[] / typed arrays / Tensors of rank 1 (not for arrays of rows). */
function isTypedArray(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * Reads a numeric vector into a Float64Array (a typed array input is copied only when it is not
 * already float64). Non-number elements are an ArgumentError; with `finite` NaN and infinities too.
 */
export function toFloat64Vector(input: unknown, what: string, finite = true): Float64Array {
  let data: ArrayLike<unknown>;
  if (input instanceof Tensor) {
    if (input.rank !== 1) throw new ShapeError(`${what}: expected a rank-1 tensor, got shape [${input.shape.join(', ')}]`);
    data = input.toArray();
  } else if (isTypedArray(input) || Array.isArray(input)) {
    data = input as ArrayLike<unknown>;
  } else {
    throw new ArgumentError(`${what}: expected an array, a typed array or a Tensor of numbers, got ${describe(input)}`);
  }
  const out = data instanceof Float64Array ? data : new Float64Array(data.length);
  if (out !== data) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (typeof v !== 'number') throw new ArgumentError(`${what}: element ${i} is ${describe(v)}, expected a number`);
      out[i] = v;
    }
  }
  if (finite) {
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i]!)) throw new ArgumentError(`${what}: element ${i} is ${out[i]}, expected a finite number`);
    }
  }
  return out;
}

/** A row-major float64 matrix with its shape. */
export interface Float64Matrix { data: Float64Array; rows: number; cols: number }

/**
 * Reads a 1-D (rows x 1) or 2-D numeric input: number[], number[][], typed array, rank-1 or rank-2 Tensor.
 * `ndim` tells which form was given.
 */
export function toFloat64Matrix(input: unknown, what: string, finite = true): Float64Matrix & { ndim: 1 | 2 } {
  if (input instanceof Tensor) {
    if (input.rank === 1) return { data: toFloat64Vector(input, what, finite), rows: input.shape[0]!, cols: 1, ndim: 1 };
    if (input.rank !== 2) throw new ShapeError(`${what}: expected a rank-1 or rank-2 tensor, got shape [${input.shape.join(', ')}]`);
    const data = toFloat64Vector(Float64Array.from(input.toArray()), what, finite);
    return { data, rows: input.shape[0]!, cols: input.shape[1]!, ndim: 2 };
  }
  if (Array.isArray(input) && input.length > 0 && (Array.isArray(input[0]) || isTypedArray(input[0]))) {
    const rows = input.length, cols = (input[0] as ArrayLike<number>).length;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = input[i] as unknown;
      if (!Array.isArray(row) && !isTypedArray(row)) throw new ArgumentError(`${what}: row ${i} is ${describe(row)}, expected an array of numbers`);
      const r = row as ArrayLike<unknown>;
      if (r.length !== cols) throw new ShapeError(`${what}: row ${i} has ${r.length} values, row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) {
        const v = r[j];
        if (typeof v !== 'number') throw new ArgumentError(`${what}: row ${i}, column ${j} is ${describe(v)}, expected a number`);
        if (finite && !Number.isFinite(v)) throw new ArgumentError(`${what}: row ${i}, column ${j} is ${v}, expected a finite number`);
        data[i * cols + j] = v;
      }
    }
    return { data, rows, cols, ndim: 2 };
  }
  const data = toFloat64Vector(input, what, finite);
  return { data, rows: data.length, cols: 1, ndim: 1 };
}

/** ShapeError unless the two lengths are equal. */
export function checkSameLength(a: number, b: number, whatA: string, whatB: string, where: string): void {
  if (a !== b) throw new ShapeError(`${where}: ${whatA} has ${a} samples but ${whatB} has ${b}; they must have the same length`);
}

/** ShapeError for an empty input (scikit-learn: "Found empty input array"). */
export function checkNotEmpty(n: number, what: string, where: string): void {
  if (n === 0) throw new ShapeError(`${where}: ${what} is empty; at least one sample is required`);
}

/**
 * Reads sampleWeight (finite numbers, one per sample, not all zero: scikit-learn's
 * _check_sample_weight) or returns null when it is undefined.
 */
export function readWeights(value: unknown, n: number, where: string): Float64Array | null {
  if (value === undefined || value === null) return null;
  const w = toFloat64Vector(value, `${where}: sampleWeight`);
  if (w.length !== n) throw new ShapeError(`${where}: sampleWeight has ${w.length} values for ${n} samples`);
  if (w.every((v) => v === 0)) throw new ArgumentError(`${where}: sampleWeight must contain at least one non-zero number`);
  return w;
}
