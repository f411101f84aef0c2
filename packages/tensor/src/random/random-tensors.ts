// Random tensors from the seeded Generator: `seed` builds a fresh generator, `generator` uses
// (and advances) the given one, neither uses defaultGenerator().
import type { DType } from '../dtype.ts';
import { ArgumentError, DTypeError, ShapeError } from '../errors.ts';
import { emptyTensor, type Tensor } from '../tensor.ts';
import { checkFlag, checkInteger, checkShape, checkSize, describeValue, INT32_MAX, INT32_MIN, optionalDType, optionalNumber, optionsOf } from '../validate.ts';
import { defaultGenerator, Generator } from './generator.ts';

export interface RandomOptions {
  seed?: number;
  generator?: Generator;
  dtype?: DType;
  requiresGrad?: boolean;
}

function generatorOf(options: Partial<RandomOptions>, what: string): Generator {
  if (options.generator !== undefined) {
    if (!(options.generator instanceof Generator)) throw new ArgumentError(`${what}: generator must be a Generator, got ${describeValue(options.generator)}`);
    return options.generator;
  }
  if (options.seed !== undefined) return new Generator(options.seed);
  return defaultGenerator();
}

function filled(shape: readonly number[], opts: Partial<RandomOptions>, what: string, sample: (g: Generator) => number): Tensor {
  const dtype = optionalDType(opts.dtype, 'float32', what);
  if (dtype === 'int32') throw new DTypeError(`${what}: dtype must be float32 or float64 (use randint for integers)`);
  const requiresGrad = checkFlag(opts.requiresGrad, false, `${what}: requiresGrad`);
  const checked = checkShape(shape, what);
  const g = generatorOf(opts, what);
  const t = emptyTensor(checked, dtype, what);
  const v = t.view();
  for (let i = 0; i < v.length; i++) v[i] = sample(g);
  if (requiresGrad) t.setRequiresGrad(true);
  return t;
}

/** Uniform in [low, high) (default [0, 1)). */
export function rand(shape: readonly number[], options?: RandomOptions & { low?: number; high?: number }): Tensor {
  const opts = optionsOf(options, 'rand');
  const lo = optionalNumber(opts.low, 0, 'rand: low', { finite: true }), hi = optionalNumber(opts.high, 1, 'rand: high', { finite: true });
  return filled(shape, opts, 'rand', (g) => g.uniform(lo, hi));
}

/** Normal with the given mean and std (default standard normal). */
export function randn(shape: readonly number[], options?: RandomOptions & { mean?: number; std?: number }): Tensor {
  const opts = optionsOf(options, 'randn');
  const m = optionalNumber(opts.mean, 0, 'randn: mean', { finite: true }), s = optionalNumber(opts.std, 1, 'randn: std', { finite: true, min: 0 });
  return filled(shape, opts, 'randn', (g) => g.normal(m, s));
}

/** Normal truncated to [mean - 2 std, mean + 2 std] by resampling. */
export function truncatedNormal(shape: readonly number[], options?: RandomOptions & { mean?: number; std?: number }): Tensor {
  const opts = optionsOf(options, 'truncatedNormal');
  const m = optionalNumber(opts.mean, 0, 'truncatedNormal: mean', { finite: true });
  const s = optionalNumber(opts.std, 1, 'truncatedNormal: std', { finite: true, min: 0 });
  return filled(shape, opts, 'truncatedNormal', (g) => {
    let z: number;
    do z = g.normal(); while (Math.abs(z) > 2);
    return m + s * z;
  });
}

/** 1 with probability p, else 0 (float32 unless dtype says otherwise). */
export function bernoulli(shape: readonly number[], p: number, options?: RandomOptions): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ShapeError(`bernoulli: p must be in [0, 1], got ${describeValue(p)}`);
  return filled(shape, optionsOf(options, 'bernoulli'), 'bernoulli', (g) => (g.random() < p ? 1 : 0));
}

/** Uniform integers in [low, high), int32. */
export function randint(low: number, high: number, shape: readonly number[], options?: Omit<RandomOptions, 'dtype'>): Tensor {
  checkInteger(low, 'randint: low', INT32_MIN, INT32_MAX);
  checkInteger(high, 'randint: high', INT32_MIN, INT32_MAX + 1);
  if (high <= low) throw new ShapeError(`randint: need integers low < high, got [${low}, ${high})`);
  const opts = optionsOf(options, 'randint');
  const checked = checkShape(shape, 'randint');
  const g = generatorOf(opts, 'randint');
  const t = emptyTensor(checked, 'int32', 'randint');
  const v = t.view();
  for (let i = 0; i < v.length; i++) v[i] = g.integer(low, high);
  return t;
}

/** A random permutation of 0..n-1, int32. */
export function randperm(n: number, options?: Omit<RandomOptions, 'dtype'>): Tensor {
  checkSize(n, 'randperm: n');
  const g = generatorOf(optionsOf(options, 'randperm'), 'randperm');
  const t = emptyTensor([n], 'int32', 'randperm');
  const v = t.view(); // the same numbers as g.permutation(n), written in place
  for (let i = 0; i < n; i++) v[i] = i;
  g.shuffle(v);
  return t;
}
