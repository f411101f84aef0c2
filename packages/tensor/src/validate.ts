// Argument validation shared by every op: each size, offset, index, axis, count, dtype and option
// that reaches a kernel or an allocation is checked here first, so bad input becomes a typed error
// naming the argument (before anything is allocated) instead of a misaligned read or a stray write.
//   ShapeError    sizes, shapes, indices, axes and counts (not an integer, negative, out of range)
//   DTypeError    unknown dtypes, and int32 data that is not an integer in the int32 range
//   ArgumentError a value of the wrong type, an unknown option, a non-finite scalar parameter
import { BYTES_PER_ELEMENT, type DType } from './dtype.ts';
import { ArgumentError, DTypeError, ShapeError } from './errors.ts';

/** The kernels address elements with i32: no tensor (and no product of non-zero sizes) may exceed this. */
export const MAX_ELEMENTS = 0x7fffffff;
export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

/** A number of type number, else ArgumentError naming `what`. */
function requireNumber(value: unknown, what: string, expected: string): number {
  if (typeof value !== 'number') throw new ArgumentError(`${what} must be ${expected}, got ${describeValue(value)}`);
  return value;
}

/** An integer in [min, max] (unbounded by default; ShapeError otherwise). */
export function checkInteger(value: unknown, what: string, min = -Infinity, max = Infinity): number {
  const range = min === -Infinity && max === Infinity ? 'an integer' : max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  const v = requireNumber(value, what, range);
  if (!Number.isInteger(v) || v < min || v > max) throw new ShapeError(`${what} must be ${range}, got ${v}`);
  return v;
}

/** A size or count: an integer in [0, max] (default MAX_ELEMENTS). */
export function checkSize(value: unknown, what: string, max = MAX_ELEMENTS): number {
  return checkInteger(value, what, 0, max);
}

/**
 * A shape: an array of sizes in [0, MAX_ELEMENTS] whose non-zero sizes multiply to at most
 * MAX_ELEMENTS (so every stride fits an i32). Returns a fresh copy.
 */
export function checkShape(shape: unknown, what: string): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(`${what}: shape must be an array of sizes, got ${describeValue(shape)}`);
  const out = new Array<number>(shape.length);
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_ELEMENTS) {
      throw new ShapeError(`${what}: shape has size ${describeValue(d)} at dimension ${i}, expected a non-negative integer at most ${MAX_ELEMENTS}`);
    }
    if (d > 0) n *= d;
    if (n > MAX_ELEMENTS) throw new ShapeError(`${what}: shape [${shape.join(', ')}] has more than ${MAX_ELEMENTS} elements`);
    out[i] = d;
  }
  return out;
}

/** Product of a checked shape's sizes. */
export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** An axis of a rank-`rank` tensor (negative counts from the end), normalized to [0, rank). */
export function checkAxis(axis: unknown, rank: number, what: string): number {
  const a = requireNumber(axis, `${what}: axis`, 'an integer');
  if (!Number.isInteger(a) || a < -rank || a >= Math.max(rank, 1)) {
    throw new ShapeError(`${what}: axis ${a} is out of range for a tensor of rank ${rank} (expected ${-rank}..${rank - 1})`);
  }
  return a < 0 ? a + rank : a;
}

/** Axes given as undefined (all), one axis or an array of axes; normalized, duplicates kept. */
export function checkAxes(axes: unknown, rank: number, what: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axes === 'number') return [checkAxis(axes, rank, what)];
  if (!Array.isArray(axes)) throw new ArgumentError(`${what}: axes must be a number, an array of numbers or undefined, got ${describeValue(axes)}`);
  return axes.map((a) => checkAxis(a, rank, what));
}

/** A known dtype, else DTypeError naming it. */
export function checkDType(dtype: unknown, what: string): DType {
  if (typeof dtype !== 'string' || !Object.hasOwn(BYTES_PER_ELEMENT, dtype)) {
    throw new DTypeError(`${what}: unknown dtype ${describeValue(dtype)}, expected 'float32', 'int32' or 'float64'`);
  }
  return dtype as DType;
}

/** An optional dtype (undefined gives `fallback`). */
export function optionalDType(dtype: unknown, fallback: DType, what: string): DType {
  return dtype === undefined ? fallback : checkDType(dtype, what);
}

/** A number (any, or finite when asked), else ArgumentError. */
export function checkNumber(value: unknown, what: string, options: { finite?: boolean; min?: number; max?: number } = {}): number {
  const v = requireNumber(value, what, options.finite ? 'a finite number' : 'a number');
  if (options.finite && !Number.isFinite(v)) throw new ArgumentError(`${what} must be a finite number, got ${v}`);
  if ((options.min !== undefined && !(v >= options.min)) || (options.max !== undefined && !(v <= options.max))) {
    throw new ArgumentError(`${what} must be in [${options.min ?? '-Infinity'}, ${options.max ?? 'Infinity'}], got ${v}`);
  }
  return v;
}

/** An optional number (undefined gives `fallback`). */
export function optionalNumber(value: unknown, fallback: number, what: string, options: { finite?: boolean; min?: number; max?: number } = {}): number {
  return value === undefined ? fallback : checkNumber(value, what, options);
}

/** A boolean flag (undefined gives `fallback`). */
export function checkFlag(value: unknown, fallback: boolean, what: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ArgumentError(`${what} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** One of `allowed` (undefined gives `fallback`; with no fallback it is required), else ArgumentError listing them. */
export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T | undefined, what: string): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new ArgumentError(`${what} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** An options bag: undefined gives {}, a non-null non-array object is returned, anything else is an ArgumentError. */
export function optionsOf<T extends object>(options: T | undefined, what: string): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${what}: options must be an object, got ${describeValue(options)}`);
  }
  return options;
}

/** A function argument. */
export function checkFunction(value: unknown, what: string): void {
  if (typeof value !== 'function') throw new ArgumentError(`${what} must be a function, got ${describeValue(value)}`);
}

/** An array argument (of anything; the caller checks the elements). */
export function checkArray(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ArgumentError(`${what} must be an array, got ${describeValue(value)}`);
  return value;
}

/** Every value is an integer in the int32 range (DTypeError naming the first that is not). */
export function checkInt32Values(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
      throw new DTypeError(`${what}: int32 data must be integers in [${INT32_MIN}, ${INT32_MAX}], element ${i} is ${v}`);
    }
  }
}

/** A value storable in `dtype`: any number for floats, an int32-range integer for int32. */
export function checkValueFor(value: unknown, dtype: DType, what: string): number {
  const v = requireNumber(value, what, 'a number');
  if (dtype === 'int32' && (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX)) {
    throw new DTypeError(`${what} must be an integer in [${INT32_MIN}, ${INT32_MAX}] for int32, got ${v}`);
  }
  return v;
}

/**
 * Every index in `values` lies in [0, limit) (an entry equal to `ignore` is skipped): ShapeError
 * naming the first bad position. Run before an op allocates, so a bad index leaks nothing.
 */
export function checkIndexValues(values: ArrayLike<number>, limit: number, what: string, ignore?: number): void {
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if ((v < 0 || v >= limit) && v !== ignore) throw new ShapeError(`${what}[${j}] is ${v}, expected an index in [0, ${limit})`);
  }
}
