// Creating tensors: from nested arrays or typed arrays, constants, ranges.
import { fill } from '@neurite/kernels';
import type { AnyTypedArray, DType } from './dtype.ts';
import { ArgumentError, DTypeError, ShapeError } from './errors.ts';
import { runtime } from './runtime.ts';
import { checkTensor, emptyTensor, type NestedArray, Tensor } from './tensor.ts';
import {
  checkDType, checkFlag, checkInt32Values, checkNumber, checkShape, checkSize, checkValueFor, describeValue, INT32_MAX, optionalDType, optionsOf,
  sizeOfShape,
} from './validate.ts';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export type TensorLike = NestedArray | AnyTypedArray | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Uint32Array | readonly number[] | Tensor;

function inferShape(data: NestedArray, what: string): number[] {
  const shape: number[] = [];
  let v: NestedArray = data;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  // Check the nesting is rectangular.
  const stack: [NestedArray, number][] = [[data, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth === shape.length) {
      if (typeof node !== 'number' && typeof node !== 'boolean') {
        if (!Array.isArray(node)) throw new ArgumentError(`${what}: expected numbers (or nested arrays of numbers), got ${describeValue(node)} at depth ${depth}`);
        throw new ShapeError(`${what}: ragged nested array: expected a number at depth ${depth}, got an array`);
      }
      continue;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new ShapeError(`${what}: ragged nested array: dimension ${depth} should have length ${shape[depth]}, got ${Array.isArray(node) ? node.length : 'a number'}`);
    }
    for (const child of node) stack.push([child, depth + 1]);
  }
  return shape;
}

function flatten(data: NestedArray, out: number[]): void {
  const stack: NestedArray[] = [data];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]!);
    else out.push(Number(v));
  }
}

/** dtype of a typed array given without an explicit dtype (see `tensor`). */
function typedArrayDType(data: ArrayBufferView, what: string, explicit: boolean): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array || data instanceof Int16Array || data instanceof Int8Array) return 'int32';
  if (data instanceof Uint16Array || data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 'int32';
  if (data instanceof Uint32Array) {
    if (explicit) return 'int32';
    for (let i = 0; i < data.length; i++) {
      if (data[i]! > INT32_MAX) {
        throw new DTypeError(`${what}: Uint32Array element ${i} is ${data[i]}, beyond int32; pass { dtype: 'float64' } (or 'float32') to convert explicitly`);
      }
    }
    return 'int32';
  }
  throw new DTypeError(`${what}: ${describeValue(data)} is not supported; use Float32Array, Float64Array or an integer typed array of at most 32 bits`);
}

function holdsOnlyInt32(data: unknown): boolean {
  return data instanceof Int32Array || data instanceof Int16Array || data instanceof Int8Array
    || data instanceof Uint16Array || data instanceof Uint8Array || data instanceof Uint8ClampedArray;
}

/**
 * A tensor from nested arrays, a flat typed array or number array (with `shape`), a number
 * (rank 0), or a copy of another tensor. dtype defaults to the data's: Float32Array float32,
 * Float64Array float64, integer typed arrays (Int8/16/32, Uint8/8Clamped/16, and Uint32 when every
 * value fits) int32; BigInt arrays are a DTypeError; numbers float32. int32 data must be integers
 * in the int32 range (DTypeError naming the element otherwise; nothing is wrapped or truncated).
 */
export function tensor(data: TensorLike, shape?: readonly number[], options?: CreateOptions): Tensor {
  runtime('tensor');
  const opts = optionsOf(options, 'tensor');
  let dtype = opts.dtype === undefined ? undefined : checkDType(opts.dtype, 'tensor');
  const requiresGrad = checkFlag(opts.requiresGrad, false, 'tensor: requiresGrad');
  let values: ArrayLike<number>;
  let inferred: number[];
  if (data instanceof Tensor) {
    checkTensor(data, 'tensor: data');
    values = data.toArray();
    inferred = data.shape.slice();
    dtype ??= data.dtype;
  } else if (ArrayBuffer.isView(data)) {
    const inferredDType = typedArrayDType(data, 'tensor', dtype !== undefined);
    values = data as unknown as ArrayLike<number>;
    inferred = [values.length];
    dtype ??= inferredDType;
  } else {
    inferred = inferShape(data as NestedArray, 'tensor');
    const flat: number[] = [];
    flatten(data as NestedArray, flat);
    values = flat;
  }
  dtype ??= 'float32';
  const finalShape = shape === undefined ? checkShape(inferred, 'tensor') : checkShape(shape, 'tensor');
  const n = sizeOfShape(finalShape);
  if (n !== values.length) {
    throw new ShapeError(`tensor: ${values.length} values cannot fill shape [${finalShape}] (${n} elements)`);
  }
  // Integer typed arrays of at most 32 signed or 16 unsigned bits hold only int32 values: no pass over them.
  if (dtype === 'int32' && !holdsOnlyInt32(data)) checkInt32Values(values, 'tensor');
  checkRequiresGrad(requiresGrad, dtype, 'tensor');
  const t = emptyTensor(finalShape, dtype, 'tensor');
  t.view().set(values);
  if (requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** The requiresGrad option: a boolean, and false for int32 (checked before allocating). */
function checkRequiresGrad(value: unknown, dtype: DType, what: string): boolean {
  const flag = checkFlag(value, false, `${what}: requiresGrad`);
  if (flag && dtype === 'int32') throw new DTypeError(`${what}: int32 tensors cannot require grad (use float32)`);
  return flag;
}

/** A rank-0 tensor. */
export function scalar(value: number, options?: CreateOptions): Tensor {
  return fullOf([], value, options, 'scalar');
}

function fullOf(shape: readonly number[], value: number, options: CreateOptions | undefined, what: string, fallback: DType = 'float32'): Tensor {
  runtime(what);
  const opts = optionsOf(options, what);
  const dtype = optionalDType(opts.dtype, fallback, what);
  const requiresGrad = checkRequiresGrad(opts.requiresGrad, dtype, what);
  checkValueFor(value, dtype, `${what}: fill value`);
  const t = emptyTensor(checkShape(shape, what), dtype, what);
  fill(runtime(what).backend, t.storage.ptr, t.size, value, { dtype });
  if (requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, options?: CreateOptions): Tensor {
  return fullOf(shape, value, options, 'full');
}

export function zeros(shape: readonly number[], options?: CreateOptions): Tensor {
  return fullOf(shape, 0, options, 'zeros');
}

export function ones(shape: readonly number[], options?: CreateOptions): Tensor {
  return fullOf(shape, 1, options, 'ones');
}

export function zerosLike(t: Tensor, options?: CreateOptions): Tensor {
  checkTensor(t, 'zerosLike');
  return fullOf(t.shape, 0, options, 'zerosLike', t.dtype);
}

export function onesLike(t: Tensor, options?: CreateOptions): Tensor {
  checkTensor(t, 'onesLike');
  return fullOf(t.shape, 1, options, 'onesLike', t.dtype);
}

export function fullLike(t: Tensor, value: number, options?: CreateOptions): Tensor {
  checkTensor(t, 'fullLike');
  return fullOf(t.shape, value, options, 'fullLike', t.dtype);
}

/** n x m identity (m defaults to n). */
export function eye(n: number, m = n, options?: CreateOptions): Tensor {
  checkSize(n, 'eye: n');
  checkSize(m, 'eye: m');
  const opts = optionsOf(options, 'eye');
  const requiresGrad = checkFlag(opts.requiresGrad, false, 'eye: requiresGrad');
  const t = fullOf([n, m], 0, opts, 'eye');
  const v = t.view();
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  if (requiresGrad) t.setRequiresGrad(true);
  return t;
}

/**
 * start, start+step, ... below stop (NumPy arange). arange(n) is 0..n-1. dtype int32 when start
 * and step are integers; an int32 range must stay inside the int32 range.
 */
export function arange(start: number, stop?: number, step = 1, options?: CreateOptions): Tensor {
  runtime('arange');
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  checkNumber(start, 'arange: start', { finite: true });
  checkNumber(stop, 'arange: stop', { finite: true });
  checkNumber(step, 'arange: step', { finite: true });
  if (step === 0) throw new ArgumentError('arange: step must be a finite non-zero number, got 0');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  const n = checkSize(count, 'arange: number of values');
  const opts = optionsOf(options, 'arange');
  const dtype = optionalDType(opts.dtype, Number.isInteger(start) && Number.isInteger(step) ? 'int32' : 'float32', 'arange');
  if (dtype === 'int32' && n > 0) checkInt32Values([start, step, start + (n - 1) * step], 'arange');
  const requiresGrad = checkRequiresGrad(opts.requiresGrad, dtype, 'arange');
  const t = emptyTensor([n], dtype, 'arange');
  const v = t.view();
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  if (requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** `count` evenly spaced values from start to stop inclusive (int32 only when every value is an integer). */
export function linspace(start: number, stop: number, count: number, options?: CreateOptions): Tensor {
  runtime('linspace');
  checkNumber(start, 'linspace: start', { finite: true });
  checkNumber(stop, 'linspace: stop', { finite: true });
  checkSize(count, 'linspace: count');
  const opts = optionsOf(options, 'linspace');
  const dtype = optionalDType(opts.dtype, 'float32', 'linspace');
  const step = count > 1 ? (stop - start) / (count - 1) : 0;
  const at = (i: number) => (i === count - 1 && count > 1 ? stop : start + i * step);
  if (dtype === 'int32') for (let i = 0; i < count; i++) checkValueFor(at(i), 'int32', `linspace: value ${i}`);
  const requiresGrad = checkRequiresGrad(opts.requiresGrad, dtype, 'linspace');
  const t = emptyTensor([count], dtype, 'linspace');
  const v = t.view();
  for (let i = 0; i < count; i++) v[i] = at(i);
  if (requiresGrad) t.setRequiresGrad(true);
  return t;
}
