// Misuse fuzzing harness (tests only): random bad arguments beside canary tensors. Every call must
// end in a NeuriteError subclass or a correct result; the canaries must keep their values and the
// live-tensor count must come back to where it was once the result is freed.
import fc from 'fast-check';
import { memory, NeuriteError, type Tensor, tensor } from '@neurite/tensor';
import { expect } from 'vitest';
import { Module } from '../module/module.ts';

export const SEED = 20261207;
export const RUNS = 1000;

/** Values that break integer, range, finiteness and type assumptions. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, -0, 0, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e300, -1e9, '2', '', null, true, false, {}, [], [2, 2], () => 2, 10n),
  fc.double({ min: -10, max: 10 }),
  fc.integer({ min: -3, max: 5 }),
);

/** Mostly small valid sizes, sometimes a bad value. */
export const size: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: badValue });

/** A number in [0, 1) or a bad value. */
export const fraction: fc.Arbitrary<unknown> = fc.oneof({ weight: 2, arbitrary: fc.double({ min: 0, max: 0.9, noNaN: true }) }, { weight: 1, arbitrary: badValue });

/** undefined (defaults), a bad value, or an object whose listed keys hold bad or valid values. */
export function optionsWith(keys: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const entries = Object.fromEntries(Object.entries(keys).map(([k, valid]) => [k, fc.oneof(valid, badValue)]));
  return fc.oneof(fc.constant(undefined), badValue, fc.record(entries, { requiredKeys: [] }));
}

/** A small float32 tensor of a random small shape (rank 0 to 3), values from the seed. */
export const smallShape: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });

export function filled(shape: readonly number[], dtype: 'float32' | 'float64' | 'int32' = 'float32', offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => (dtype === 'int32' ? i % 3 : Math.sin(i + offset))), [...shape], { dtype });
}

let canaries: Tensor[] = [];
let canaryValues: number[][] = [];

/** Creates the canary tensors (kept) once the backend is initialized. */
export function makeCanaries(): void {
  canaries = [filled([3, 2]), filled([4], 'float64', 1), filled([5], 'int32')].map((t) => t.keep());
  const p = filled([2, 2], 'float32', 2).keep().setRequiresGrad(true);
  p.grad = filled([2, 2], 'float32', 3);
  canaries.push(p);
  canaryValues = canaries.map((t) => [...t.toArray()]);
}

export function disposeCanaries(): void {
  canaries.forEach((t) => t.dispose());
  canaries = [];
}

/** A canary (so calls may be given live tensors they must not change). */
export function canary(i: number): Tensor {
  return canaries[i % canaries.length]!;
}

/** Frees whatever a call returned: modules, tensors, and arrays or objects of them. */
function release(value: unknown, depth = 0): void {
  if (depth > 3 || value === null || typeof value !== 'object') return;
  if (value instanceof Module) value.dispose();
  else if (canaries.includes(value as Tensor)) return;
  else if (typeof (value as Tensor).dispose === 'function' && 'dtype' in value) (value as Tensor).dispose();
  else if (typeof (value as { dispose?: unknown }).dispose === 'function') (value as { dispose: () => void }).dispose();
  else if (Array.isArray(value)) value.forEach((v) => release(v, depth + 1));
}

/**
 * Runs `call`: it must return (then `verify` checks the result) or throw a NeuriteError. Afterwards
 * the canaries are unchanged and the live-tensor count is what it was.
 */
export function expectTypedOrCorrect<T>(call: () => T, verify: (result: T) => void = () => {}): void {
  const live = memory().liveTensors;
  let result: T | undefined;
  let threw = false;
  try {
    result = call();
  } catch (error) {
    threw = true;
    if (!(error instanceof NeuriteError)) throw error;
  }
  try {
    if (!threw) verify(result as T);
  } finally {
    if (!threw) release(result);
  }
  expect(canaries.map((t) => [...t.toArray()])).toEqual(canaryValues);
  expect(memory().liveTensors).toBe(live);
}

/** Async form (fit). */
export async function expectTypedOrCorrectAsync<T>(call: () => Promise<T>, verify: (result: T) => void = () => {}): Promise<void> {
  const live = memory().liveTensors;
  try {
    verify(await call());
  } catch (error) {
    if (!(error instanceof NeuriteError)) throw error;
  }
  expect(canaries.map((t) => [...t.toArray()])).toEqual(canaryValues);
  expect(memory().liveTensors).toBe(live);
}

export function property<Ts extends [unknown, ...unknown[]]>(...args: [...{ [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, (...values: Ts) => void]): void {
  fc.assert((fc.property as (...a: unknown[]) => fc.IPropertyWithHooks<Ts>)(...args), { seed: SEED, numRuns: RUNS });
}
