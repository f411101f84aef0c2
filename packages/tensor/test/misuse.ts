// The misuse harness (TESTING.md "Untrusted input"): every public function is called with random
// shapes, dtypes and arguments (fractional, negative, NaN, huge, wrong type, undefined, strings)
// beside canary tensors. Each call must return a correct result or throw a NeuriteError subclass;
// the canaries and the (immutable) inputs keep their values; the live-tensor count comes back to
// where it was once the result is disposed. Results that require grad are backpropagated too.
import fc from 'fast-check';
import { expect } from 'vitest';
import { type DType, memory, NeuriteError, setDebugMode, Tensor, tensor } from '../src/index.ts';

/** Runs per op family (at least 1,000; 40 per op in larger families) and the fixed seed. */
export const MISUSE = { seed: 20261207, numRuns: 1000 } as const;

/** What one argument becomes when the call is made. */
export type ArgSpec =
  | { kind: 'tensor'; shape: number[]; dtype: DType; requiresGrad: boolean; offset: number }
  | { kind: 'disposed'; shape: number[]; dtype: DType }
  | { kind: 'value'; value: unknown }
  | { kind: 'list'; items: ArgSpec[] }
  | { kind: 'object'; fields: Record<string, ArgSpec> };

/** Values that no size, index, axis, dtype or option accepts (or that stress the ones that do). */
export const badValues: readonly unknown[] = [
  0.5, -1, -0.5, -7, NaN, Infinity, -Infinity, 1e300, -1e300, 2 ** 31, 2 ** 32 + 1, 2 ** 53 + 2, -(2 ** 31) - 1, 3e9,
  'a', '', '2', 'float16', undefined, null, {}, [], [0.5], [-1], [NaN], true, false, 1n, () => 1, Symbol('s'),
];

export const badValue: fc.Arbitrary<unknown> = fc.constantFrom(...badValues);

/** A valid value most of the time, else a misuse value. */
export function value<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<ArgSpec> {
  return fc.oneof({ weight: 3, arbitrary: valid.map((v) => ({ kind: 'value' as const, value: v })) }, { weight: 1, arbitrary: badValue.map((v) => ({ kind: 'value' as const, value: v })) });
}

/** Exactly this value (no misuse). */
export function exact(v: unknown): fc.Arbitrary<ArgSpec> {
  return fc.constant({ kind: 'value' as const, value: v });
}

/** A small integer (negative ones included: axes, indices, slice bounds). */
export const smallInt = fc.integer({ min: -4, max: 5 });
export const shapeArb = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });
export const dtypeArb = fc.constantFrom<DType>('float32', 'int32', 'float64');

export interface TensorArgOptions {
  shape?: fc.Arbitrary<number[]>;
  dtypes?: readonly DType[];
  /** Always a Tensor, live or disposed, never another value (method receivers). */
  always?: boolean;
  /** Float inputs may require grad (default true). */
  grad?: boolean;
}

/** A tensor argument: usually a live tensor of a random shape and dtype; sometimes disposed or not a tensor. */
export function tensorArg(options: TensorArgOptions = {}): fc.Arbitrary<ArgSpec> {
  const dtypes = options.dtypes ?? ['float32', 'int32', 'float64'];
  const live = fc.record({
    shape: options.shape ?? shapeArb,
    dtype: fc.constantFrom(...dtypes),
    requiresGrad: options.grad === false ? fc.constant(false) : fc.boolean(),
    offset: fc.integer({ min: -3, max: 3 }),
  }).map((r) => ({ kind: 'tensor' as const, ...r, requiresGrad: r.requiresGrad && r.dtype !== 'int32' }));
  const disposed = fc.record({ shape: options.shape ?? shapeArb, dtype: fc.constantFrom(...dtypes) }).map((r) => ({ kind: 'disposed' as const, ...r }));
  if (options.always) return fc.oneof({ weight: 4, arbitrary: live }, { weight: 1, arbitrary: disposed });
  return fc.oneof({ weight: 8, arbitrary: live }, { weight: 1, arbitrary: disposed }, { weight: 1, arbitrary: badValue.map((v) => ({ kind: 'value' as const, value: v })) });
}

/** An int32 index tensor whose values are small (some out of range). */
export function indexArg(): fc.Arbitrary<ArgSpec> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ shape: shapeArb, offset: fc.integer({ min: -1, max: 2 }) }).map((r) => ({ kind: 'tensor' as const, shape: r.shape, dtype: 'int32' as const, requiresGrad: false, offset: r.offset })) },
    { weight: 1, arbitrary: tensorArg() },
  );
}

export function listArg(item: fc.Arbitrary<ArgSpec>, maxLength = 3): fc.Arbitrary<ArgSpec> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(item, { maxLength }).map((items) => ({ kind: 'list' as const, items })) },
    { weight: 1, arbitrary: badValue.map((v) => ({ kind: 'value' as const, value: v })) },
  );
}

/** An options object with some of the given fields (or, sometimes, not an object at all). */
export function objectArg(fields: Record<string, fc.Arbitrary<ArgSpec>>): fc.Arbitrary<ArgSpec> {
  const record = fc.record(fields, { requiredKeys: [] }).map((f) => ({ kind: 'object' as const, fields: f as Record<string, ArgSpec> }));
  return fc.oneof(
    { weight: 6, arbitrary: record },
    { weight: 1, arbitrary: fc.constant({ kind: 'value' as const, value: undefined }) },
    { weight: 1, arbitrary: badValue.map((v) => ({ kind: 'value' as const, value: v })) },
  );
}

/** Deterministic small integer values (valid in every dtype), shifted by `offset`. */
function valuesFor(size: number, offset: number): number[] {
  return Array.from({ length: size }, (_, i) => ((i * 5 + 2) % 7) - 3 + offset);
}

function materialize(spec: ArgSpec, made: Tensor[]): unknown {
  switch (spec.kind) {
    case 'tensor': {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const t = tensor(valuesFor(size, spec.offset), spec.shape, { dtype: spec.dtype, requiresGrad: spec.requiresGrad });
      made.push(t);
      return t;
    }
    case 'disposed': {
      const t = tensor(valuesFor(spec.shape.reduce((a, b) => a * b, 1), 0), spec.shape, { dtype: spec.dtype });
      t.dispose();
      return t;
    }
    case 'value':
      return spec.value;
    case 'list':
      return spec.items.map((s) => materialize(s, made));
    case 'object':
      return Object.fromEntries(Object.entries(spec.fields).map(([k, s]) => [k, materialize(s, made)]));
  }
}

/** Canary tensors of every dtype, allocated on both sides of the inputs. */
function makeCanaries(): { t: Tensor; values: number[] }[] {
  return (['float32', 'int32', 'float64'] as const).flatMap((dtype) => [1, 7].map((n) => {
    const values = Array.from({ length: n }, (_, i) => 7 + i);
    return { t: tensor(values, [n], { dtype }), values };
  }));
}

function tensorsIn(value: unknown, into: Set<Tensor>): void {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, into);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) tensorsIn(v, into);
}

/** A returned tensor must be well formed: live, a known dtype, size = product(shape), readable. */
function checkWellFormed(t: Tensor, name: string): void {
  expect(t.isDisposed, `${name}: returned a disposed tensor`).toBe(false);
  expect(['float32', 'int32', 'float64'], `${name}: dtype`).toContain(t.dtype);
  for (const d of t.shape) expect(Number.isInteger(d) && d >= 0, `${name}: shape [${t.shape}]`).toBe(true);
  expect(t.size, `${name}: size`).toBe(t.shape.reduce((a, b) => a * b, 1));
  expect(t.toArray().length).toBe(t.size);
}

export interface MisuseCase {
  name: string;
  /** The call; `args` are the materialized argument specs. */
  call: (...args: unknown[]) => unknown;
  args: ArgSpec[];
  /** The call may write into its inputs (the InPlace_ ops). */
  inPlace?: boolean;
  /** The op accepts any value (dispose): it never has to throw. */
  acceptsAnything?: boolean;
  /** Checks a successful result against a reference (args as materialized). */
  verify?: (result: unknown, args: unknown[]) => void;
}

/** Builds a case arbitrary: the op's name and call with arbitrary arguments. */
export function op(name: string, call: (...args: never[]) => unknown, args: fc.Arbitrary<ArgSpec>[], extra: Partial<Pick<MisuseCase, 'inPlace' | 'verify' | 'acceptsAnything'>> = {}): fc.Arbitrary<MisuseCase> {
  return fc.tuple(...args).map((a) => {
    const c: MisuseCase = { name, call: call as (...args: unknown[]) => unknown, args: a, ...extra };
    // fast-check prints counterexamples with toString: show the op and its argument specs.
    Object.defineProperty(c, 'toString', { value: () => `${name}(${JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))})`, enumerable: false });
    return c;
  });
}

/** Runs one case and checks the misuse contract (see the header). */
export function runCase(c: MisuseCase): 'result' | 'error' {
  const before = memory().liveTensors;
  const canariesBefore = makeCanaries();
  const made: Tensor[] = [];
  const args = c.args.map((s) => materialize(s, made));
  const canariesAfter = makeCanaries();
  const inputValues = made.map((t) => Array.from(t.toArray()));
  const live = memory().liveTensors;
  let result: unknown;
  let threw = false;
  try {
    result = c.call(...args);
  } catch (error) {
    threw = true;
    if (!(error instanceof NeuriteError)) {
      throw new Error(`${c.name} threw ${(error as Error)?.name ?? typeof error} (not a NeuriteError): ${(error as Error)?.message ?? String(error)}`);
    }
  } finally {
    setDebugMode(false);
  }
  const returned = new Set<Tensor>();
  if (!threw) {
    tensorsIn(result, returned);
    for (const t of returned) if (!made.includes(t)) checkWellFormed(t, c.name);
    c.verify?.(result, args);
    for (const t of returned) {
      if (made.includes(t) || t.isDisposed || !t.requiresGrad || t.dtype === 'int32') continue;
      const seed = tensor(Array.from({ length: t.size }, () => 1), t.shape.slice(), { dtype: t.dtype });
      t.backward(seed);
      seed.dispose();
    }
    for (const m of made) {
      if (m.grad !== null) {
        expect(m.grad.shape, `${c.name}: gradient shape`).toEqual(m.shape);
        m.zeroGrad();
      }
    }
  }
  for (const t of returned) if (!made.includes(t)) t.dispose();
  for (const { t, values } of [...canariesBefore, ...canariesAfter]) {
    expect(Array.from(t.toArray()), `${c.name}: a canary tensor changed`).toEqual(values);
  }
  if (!c.inPlace) {
    made.forEach((t, i) => {
      if (!t.isDisposed) expect(Array.from(t.toArray()), `${c.name}: input ${i} changed`).toEqual(inputValues[i]);
    });
  }
  expect(memory().liveTensors, `${c.name}: live tensors after the call (results disposed)`).toBe(live);
  for (const t of made) t.dispose();
  for (const { t } of [...canariesBefore, ...canariesAfter]) t.dispose();
  expect(memory().liveTensors, `${c.name}: live tensors at the end`).toBe(before);
  return threw ? 'error' : 'result';
}

/** Asserts the misuse contract over `cases` (one op family) with the fixed seed. */
export function assertMisuse(cases: fc.Arbitrary<MisuseCase>[]): void {
  const outcomes = new Map<string, { result: number; error: number; acceptsAnything: boolean }>();
  fc.assert(fc.property(fc.oneof(...cases), (c) => {
    const outcome = runCase(c);
    const o = outcomes.get(c.name) ?? { result: 0, error: 0, acceptsAnything: c.acceptsAnything === true };
    o[outcome]++;
    outcomes.set(c.name, o);
  }), { ...MISUSE, numRuns: Math.max(MISUSE.numRuns, 40 * cases.length) });
  // The generators must reach both sides of every op: valid calls (checked results) and misuse.
  expect(outcomes.size, 'every op of the family was called').toBeGreaterThan(0);
  for (const [name, o] of outcomes) {
    expect(o.result, `${name}: calls that returned a result`).toBeGreaterThan(0);
    if (!o.acceptsAnything) expect(o.error, `${name}: calls that threw a typed error`).toBeGreaterThan(0);
  }
}
