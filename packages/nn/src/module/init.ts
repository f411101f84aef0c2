import { defaultGenerator, Generator } from '@neurite/tensor';
import { checkNumber, checkOneOf, checkSize, MAX_PARAMETER_ELEMENTS } from '../validate.ts';

const NONLINEARITIES = ['linear', 'relu', 'leakyRelu', 'tanh', 'sigmoid'] as const;
const INITIALIZERS = ['xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal', 'zeros'] as const;

/**
 * Seeded weight initializers. Each returns the values (Float32Array) for a weight of `count`
 * elements; layers turn them into parameters. Formulas:
 * - Xavier/Glorot (Glorot and Bengio 2010): uniform bound gain * sqrt(6 / (fanIn + fanOut)),
 *   normal std gain * sqrt(2 / (fanIn + fanOut)).
 * - He/Kaiming (He et al. 2015), fan-in mode: std = gain / sqrt(fanIn), uniform bound sqrt(3) * std,
 *   gain sqrt(2) for ReLU, sqrt(2 / (1 + a^2)) for leaky ReLU with slope a, 1 for linear.
 * Draws come from @neurite/tensor's Generator, so a seed gives the same weights everywhere.
 */
export type Nonlinearity = 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';

/** The recommended gain of a nonlinearity (PyTorch's calculate_gain). */
export function gain(nonlinearity: Nonlinearity, slope = 0.01): number {
  checkOneOf(nonlinearity, 'gain: nonlinearity', NONLINEARITIES);
  checkNumber(slope, 'gain: slope');
  switch (nonlinearity) {
    case 'relu': return Math.SQRT2;
    case 'leakyRelu': return Math.sqrt(2 / (1 + slope * slope));
    case 'tanh': return 5 / 3;
    default: return 1;
  }
}

/** Largest bound or standard deviation: values stay finite in float32 (a few deviations of 1e30). */
const MAX_SCALE = 1e30;

/** count: a size; scale: a non-negative number at most MAX_SCALE; seed: a finite number. */
function checkValues(count: number, scale: number, seed: number, what: string): void {
  checkSize(count, 'count', 0, MAX_PARAMETER_ELEMENTS);
  checkNumber(scale, what, { min: 0, max: MAX_SCALE });
  checkNumber(seed, 'seed');
}

function checkFans(fanIn: number, fanOut: number): void {
  checkNumber(fanIn, 'fanIn', { min: 1 });
  checkNumber(fanOut, 'fanOut', { min: 1 });
}

export function uniformValues(count: number, bound: number, seed: number): Float32Array {
  checkValues(count, bound, seed, 'uniformValues: bound');
  const random = new Generator(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * random.random() - 1) * bound;
  return out;
}

export function normalValues(count: number, std: number, seed: number): Float32Array {
  checkValues(count, std, seed, 'normalValues: std');
  const random = new Generator(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = random.normal(0, std);
  return out;
}

export function xavierUniform(count: number, fanIn: number, fanOut: number, seed: number, gainValue = 1): Float32Array {
  checkFans(fanIn, fanOut);
  checkNumber(gainValue, 'xavierUniform: gain');
  return uniformValues(count, gainValue * Math.sqrt(6 / (fanIn + fanOut)), seed);
}

export function xavierNormal(count: number, fanIn: number, fanOut: number, seed: number, gainValue = 1): Float32Array {
  checkFans(fanIn, fanOut);
  checkNumber(gainValue, 'xavierNormal: gain');
  return normalValues(count, gainValue * Math.sqrt(2 / (fanIn + fanOut)), seed);
}

export function kaimingUniform(count: number, fanIn: number, seed: number, nonlinearity: Nonlinearity = 'relu', slope = 0.01): Float32Array {
  checkFans(fanIn, 1);
  return uniformValues(count, Math.sqrt(3) * (gain(nonlinearity, slope) / Math.sqrt(fanIn)), seed);
}

export function kaimingNormal(count: number, fanIn: number, seed: number, nonlinearity: Nonlinearity = 'relu', slope = 0.01): Float32Array {
  checkFans(fanIn, 1);
  return normalValues(count, gain(nonlinearity, slope) / Math.sqrt(fanIn), seed);
}

export type Initializer = 'xavierUniform' | 'xavierNormal' | 'kaimingUniform' | 'kaimingNormal' | 'zeros';

/** Values of a weight by initializer name. */
export function initialValues(kind: Initializer, count: number, fanIn: number, fanOut: number, seed: number, nonlinearity: Nonlinearity = 'relu'): Float32Array {
  checkOneOf(kind, 'init', INITIALIZERS);
  checkSize(count, 'init: count', 0, MAX_PARAMETER_ELEMENTS);
  switch (kind) {
    case 'xavierUniform': return xavierUniform(count, fanIn, fanOut, seed, gain(nonlinearity));
    case 'xavierNormal': return xavierNormal(count, fanIn, fanOut, seed, gain(nonlinearity));
    case 'kaimingUniform': return kaimingUniform(count, fanIn, seed, nonlinearity);
    case 'kaimingNormal': return kaimingNormal(count, fanIn, seed, nonlinearity);
    case 'zeros': return new Float32Array(count);
  }
}

/**
 * The seed a layer uses when none is given: the next 32 bits of @neurite/tensor's default
 * generator, so a program builds the same model every run; reseed it with tensor's manualSeed.
 */
export function nextDefaultSeed(): number {
  return defaultGenerator().nextUint32();
}
