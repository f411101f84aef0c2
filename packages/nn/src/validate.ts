// Argument validation shared by @neurite/nn: every width, kernel size, stride, count and scalar
// option is checked here before anything is allocated, so bad input becomes a typed error naming
// the argument (the same classes as @neurite/tensor):
//   ShapeError    layer sizes (widths, channels, kernels, strides, padding) and shape mismatches
//   ArgumentError counts (epochs, batch sizes, steps), scalar hyperparameters, wrong types, unknown options
import { ArgumentError, ShapeError, Tensor } from '@neurite/tensor';
import { Module } from './module/module.ts';

/** The kernels address elements with i32: no size may exceed this. */
export const MAX_ELEMENTS = 0x7fffffff;
/**
 * Most elements of one parameter or initializer array (1 GiB of float32): its values are built in
 * a JS array first and it shares the 4 GiB wasm heap with its gradient and optimizer state.
 */
export const MAX_PARAMETER_ELEMENTS = 2 ** 28;

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value !== 'object' || value === null) return typeof value === 'function' ? 'a function' : String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

function integerIn(value: unknown, what: string, min: number, max: number, error: new (message: string) => Error): number {
  if (typeof value !== 'number') throw new ArgumentError(`${what} must be an integer in [${min}, ${max}], got ${describeValue(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) throw new error(`${what} must be an integer in [${min}, ${max}], got ${value}`);
  return value;
}

/** A layer size (width, channels, kernel size, stride, padding): an integer in [min, max], else ShapeError. */
export function checkSize(value: unknown, what: string, min = 1, max = MAX_ELEMENTS): number {
  return integerIn(value, what, min, max, ShapeError);
}

/** A count (epochs, batch size, steps, patience): an integer in [min, max], else ArgumentError. */
export function checkCount(value: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  return integerIn(value, what, min, max, ArgumentError);
}

/** Sizes whose product is the element count of one parameter: at most MAX_PARAMETER_ELEMENTS (ShapeError). */
export function checkElements(what: string, ...sizes: number[]): number {
  let n = 1;
  for (const s of sizes) n *= s;
  if (n > MAX_PARAMETER_ELEMENTS) throw new ShapeError(`${what}: [${sizes.join(', ')}] has ${n} elements, more than ${MAX_PARAMETER_ELEMENTS}`);
  return n;
}

export interface NumberBounds {
  /** Lower bound (inclusive unless minExclusive). */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** A finite number within the bounds, else ArgumentError naming `what` and the accepted range. */
export function checkNumber(value: unknown, what: string, bounds: NumberBounds = {}): number {
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false } = bounds;
  const range = `${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
  const ok = typeof value === 'number' && Number.isFinite(value) &&
    (minExclusive ? value > min : value >= min) && (maxExclusive ? value < max : value <= max);
  if (!ok) throw new ArgumentError(`${what} must be a finite number in ${range}, got ${describeValue(value)}`);
  return value as number;
}

/** A boolean, else ArgumentError. */
export function checkBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${what} must be a boolean, got ${describeValue(value)}`);
  return value;
}

/** One of the listed values, else ArgumentError. */
export function checkOneOf<T extends string>(value: unknown, what: string, options: readonly T[]): T {
  if (!options.includes(value as T)) throw new ArgumentError(`${what} must be one of ${options.join(', ')}; got ${describeValue(value)}`);
  return value as T;
}

/** An options bag: undefined (defaults) or a plain object, else ArgumentError. */
export function optionsOf<T extends object>(value: T | undefined, what: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ArgumentError(`${what}: options must be an object, got ${describeValue(value)}`);
  return value;
}

/** An invalid argument that fits none of the checks above. */
export function invalidArgument(message: string): never {
  throw new ArgumentError(message);
}

/** A live Tensor, else ArgumentError (a disposed one throws DisposedError when used). */
export function checkTensor(value: unknown, what: string): Tensor {
  if (!(value instanceof Tensor)) throw new ArgumentError(`${what} must be a Tensor, got ${describeValue(value)}`);
  return value;
}

/** An array of Tensors, else ArgumentError. */
export function checkTensorList(value: unknown, what: string): readonly Tensor[] {
  if (!Array.isArray(value)) throw new ArgumentError(`${what} must be an array of Tensors, got ${describeValue(value)}`);
  value.forEach((t, i) => checkTensor(t, `${what}[${i}]`));
  return value as Tensor[];
}

/** A Module, else ArgumentError. */
export function checkModule(value: unknown, what: string): Module {
  if (!(value instanceof Module)) throw new ArgumentError(`${what} must be a Module, got ${describeValue(value)}`);
  return value;
}
