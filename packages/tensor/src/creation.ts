// Creating tensors: from nested arrays or typed arrays, constants, ranges.
import { fill } from '@neurite/kernels';
import { type AnyTypedArray, type DType, dtypeOfArray } from './dtype.ts';
import { DTypeError, ShapeError } from './errors.ts';
import { runtime } from './runtime.ts';
import { emptyTensor, type NestedArray, Tensor } from './tensor.ts';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export type TensorLike = NestedArray | AnyTypedArray | readonly number[] | Tensor;

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
        throw new ShapeError(`${what}: ragged nested array: expected a number at depth ${depth}, got ${Array.isArray(node) ? 'an array' : typeof node}`);
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

/**
 * A tensor from nested arrays, a flat typed array or number array (with `shape`), a number
 * (rank 0), or a copy of another tensor. dtype defaults to the typed array's, else float32.
 */
export function tensor(data: TensorLike, shape?: readonly number[], options: CreateOptions = {}): Tensor {
  runtime('tensor');
  let values: ArrayLike<number>;
  let inferred: number[];
  let dtype = options.dtype;
  if (data instanceof Tensor) {
    data.assertLive('tensor: data');
    values = data.toArray();
    inferred = data.shape.slice();
    dtype ??= data.dtype;
  } else if (ArrayBuffer.isView(data)) {
    values = data;
    inferred = [data.length];
    dtype ??= dtypeOfArray(data);
  } else {
    inferred = inferShape(data as NestedArray, 'tensor');
    const flat: number[] = [];
    flatten(data as NestedArray, flat);
    values = flat;
  }
  dtype ??= 'float32';
  const finalShape = shape ?? inferred;
  let n = 1;
  for (const d of finalShape) n *= d;
  if (n !== values.length) {
    throw new ShapeError(`tensor: ${values.length} values cannot fill shape [${finalShape}] (${n} elements)`);
  }
  if (dtype === 'int32') {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isInteger(values[i])) throw new DTypeError(`tensor: int32 data must be integers, element ${i} is ${values[i]}`);
    }
  }
  const t = emptyTensor(finalShape, dtype, 'tensor');
  t.view().set(values);
  if (options.requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** A rank-0 tensor. */
export function scalar(value: number, options: CreateOptions = {}): Tensor {
  return full([], value, options);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  const dtype = options.dtype ?? 'float32';
  if (dtype === 'int32' && !Number.isInteger(value)) throw new DTypeError(`full: int32 fill value must be an integer, got ${value}`);
  const t = emptyTensor(shape, dtype, 'full');
  if (dtype === 'float32') fill(runtime('full').backend, t.storage.ptr, t.size, value);
  else if (t.size > 0) t.view().fill(value);
  if (options.requiresGrad) t.setRequiresGrad(true);
  return t;
}

export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

export function zerosLike(t: Tensor, options: CreateOptions = {}): Tensor {
  t.assertLive('zerosLike');
  return full(t.shape, 0, { dtype: t.dtype, ...options });
}

export function onesLike(t: Tensor, options: CreateOptions = {}): Tensor {
  t.assertLive('onesLike');
  return full(t.shape, 1, { dtype: t.dtype, ...options });
}

export function fullLike(t: Tensor, value: number, options: CreateOptions = {}): Tensor {
  t.assertLive('fullLike');
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

/** n x m identity (m defaults to n). */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  const t = zeros([n, m], { ...options, requiresGrad: false });
  const v = t.view();
  for (let i = 0; i < Math.min(n, m); i++) v[i * m + i] = 1;
  if (options.requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** start, start+step, ... below stop (NumPy arange). arange(n) is 0..n-1. dtype int32 when all arguments are integers. */
export function arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new ShapeError(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype = options.dtype ?? (Number.isInteger(start) && Number.isInteger(step) ? 'int32' : 'float32');
  const t = emptyTensor([n], dtype, 'arange');
  const v = t.view();
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return t;
}

/** `count` evenly spaced values from start to stop inclusive. */
export function linspace(start: number, stop: number, count: number, options: CreateOptions = {}): Tensor {
  if (!Number.isInteger(count) || count < 0) throw new ShapeError(`linspace: count must be a non-negative integer, got ${count}`);
  const t = emptyTensor([count], options.dtype ?? 'float32', 'linspace');
  const v = t.view();
  const step = count > 1 ? (stop - start) / (count - 1) : 0;
  for (let i = 0; i < count; i++) v[i] = i === count - 1 && count > 1 ? stop : start + i * step;
  return t;
}
