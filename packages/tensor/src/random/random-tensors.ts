// Random tensors from the seeded Generator: `seed` builds a fresh generator, `generator` uses
// (and advances) the given one, neither uses defaultGenerator().
import type { DType } from '../dtype.ts';
import { ShapeError } from '../errors.ts';
import { emptyTensor, type Tensor } from '../tensor.ts';
import { defaultGenerator, Generator } from './generator.ts';

export interface RandomOptions {
  seed?: number;
  generator?: Generator;
  dtype?: DType;
  requiresGrad?: boolean;
}

function generatorOf(options: RandomOptions): Generator {
  if (options.generator !== undefined) return options.generator;
  if (options.seed !== undefined) return new Generator(options.seed);
  return defaultGenerator();
}

function filled(shape: readonly number[], options: RandomOptions, what: string, sample: (g: Generator) => number): Tensor {
  const dtype = options.dtype ?? 'float32';
  if (dtype === 'int32') throw new ShapeError(`${what}: dtype must be float32 or float64 (use randint for integers)`);
  const g = generatorOf(options);
  const t = emptyTensor(shape, dtype, what);
  const v = t.view();
  for (let i = 0; i < v.length; i++) v[i] = sample(g);
  if (options.requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** Uniform in [low, high) (default [0, 1)). */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const lo = options.low ?? 0, hi = options.high ?? 1;
  return filled(shape, options, 'rand', (g) => g.uniform(lo, hi));
}

/** Normal with the given mean and std (default standard normal). */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const m = options.mean ?? 0, s = options.std ?? 1;
  return filled(shape, options, 'randn', (g) => g.normal(m, s));
}

/** Normal truncated to [mean - 2 std, mean + 2 std] by resampling. */
export function truncatedNormal(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const m = options.mean ?? 0, s = options.std ?? 1;
  return filled(shape, options, 'truncatedNormal', (g) => {
    let z: number;
    do z = g.normal(); while (Math.abs(z) > 2);
    return m + s * z;
  });
}

/** 1 with probability p, else 0 (float32 unless dtype says otherwise). */
export function bernoulli(shape: readonly number[], p: number, options: RandomOptions = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ShapeError(`bernoulli: p must be in [0, 1], got ${p}`);
  return filled(shape, options, 'bernoulli', (g) => (g.random() < p ? 1 : 0));
}

/** Uniform integers in [low, high), int32. */
export function randint(low: number, high: number, shape: readonly number[], options: Omit<RandomOptions, 'dtype'> = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new ShapeError(`randint: need integers low < high, got [${low}, ${high})`);
  const g = generatorOf(options);
  const t = emptyTensor(shape, 'int32', 'randint');
  const v = t.view();
  for (let i = 0; i < v.length; i++) v[i] = g.integer(low, high);
  return t;
}

/** A random permutation of 0..n-1, int32. */
export function randperm(n: number, options: Omit<RandomOptions, 'dtype'> = {}): Tensor {
  const perm = generatorOf(options).permutation(n);
  const t = emptyTensor([n], 'int32', 'randperm');
  t.view().set(perm);
  return t;
}
