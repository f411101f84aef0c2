import { ShapeError } from '@neurite/tensor';
import { checkNumber, checkOneOf, checkSize, describeValue, invalidArgument, optionsOf } from '../validate.ts';
import { checkRandom, type RandomSource, randomUniform } from './random.ts';

/** images: a Float32Array; shape: [N, H, W, C] sizes holding exactly its values. */
function checkImages(images: unknown, shape: unknown, what: string): [number, number, number, number] {
  if (!(images instanceof Float32Array)) invalidArgument(`${what}: images must be a Float32Array, got ${describeValue(images)}`);
  if (!Array.isArray(shape) || shape.length !== 4) throw new ShapeError(`${what}: shape must be [N, H, W, C], got ${describeValue(shape)}`);
  const dims = shape.map((d, i) => checkSize(d, `${what}: shape[${i}]`, 0)) as [number, number, number, number];
  const size = dims[0] * dims[1] * dims[2] * dims[3];
  if (size !== (images as Float32Array).length) throw new ShapeError(`${what}: shape [${dims.join(', ')}] holds ${size} values, images has ${(images as Float32Array).length}`);
  return dims;
}

/** An optional [lo, hi] pair of finite numbers with lo <= hi (lo > 0 when positive). */
function checkRange(value: unknown, what: string, positive: boolean): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 2) invalidArgument(`${what} must be [min, max], got ${describeValue(value)}`);
  const lo = checkNumber(value[0], `${what}[0]`, positive ? { min: 0, minExclusive: true } : {});
  const hi = checkNumber(value[1], `${what}[1]`, { min: lo });
  return [lo, hi];
}

/**
 * Image augmentation on channels-last batches [N, H, W, C] (Float32Array, row-major).
 * Geometric transforms map each output pixel back through the inverse affine transform about the
 * image centre and sample bilinearly; pixels that land outside the source get `fill` (default 0).
 */

/** Output (x, y) -> source (x, y): sx = a*x + b*y + c, sy = d*x + e*y + f (pixel-centre coordinates). */
export interface InverseAffine {
  a: number; b: number; c: number;
  d: number; e: number; f: number;
}

/**
 * The inverse map of: scale by `scale`, rotate by `degrees` (counter-clockwise as displayed, i.e.
 * with y pointing down), then shift by (dx, dy) pixels, all about the image centre.
 */
export function inverseAffine(height: number, width: number, degrees: number, scale: number, dx: number, dy: number): InverseAffine {
  checkSize(height, 'inverseAffine: height', 0);
  checkSize(width, 'inverseAffine: width', 0);
  checkNumber(degrees, 'inverseAffine: degrees');
  checkNumber(scale, 'inverseAffine: scale', { min: 0, minExclusive: true });
  checkNumber(dx, 'inverseAffine: dx');
  checkNumber(dy, 'inverseAffine: dy');
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t) / scale;
  const sin = Math.sin(t) / scale;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  // Forward: out = R S (src - centre) + centre + shift with R = [[cos, sin], [-sin, cos]] (y down).
  // Inverse: src = S^-1 R^T (out - centre - shift) + centre.
  const ox = -cx - dx;
  const oy = -cy - dy;
  return {
    a: cos, b: -sin, c: cos * ox - sin * oy + cx,
    d: sin, e: cos, f: sin * ox + cos * oy + cy,
  };
}

/** Applies `m` to one image (H, W, C) of `src` starting at `offset`, writing into `out` at the same offset. */
export function transformImage(
  src: Float32Array, out: Float32Array, offset: number,
  height: number, width: number, channels: number, m: InverseAffine, fill = 0,
): void {
  for (const [name, a] of [['src', src], ['out', out]] as const) if (!(a instanceof Float32Array)) invalidArgument(`transformImage: ${name} must be a Float32Array, got ${describeValue(a)}`);
  const size = checkSize(height, 'transformImage: height', 0) * checkSize(width, 'transformImage: width', 0) * checkSize(channels, 'transformImage: channels', 0);
  checkSize(offset, 'transformImage: offset', 0);
  if (offset + size > src.length || offset + size > out.length) throw new ShapeError(`transformImage: an image of ${size} values at offset ${offset} does not fit src (${src.length}) and out (${out.length})`);
  if (typeof m !== 'object' || m === null) invalidArgument(`transformImage: m must be an InverseAffine, got ${describeValue(m)}`);
  for (const k of ['a', 'b', 'c', 'd', 'e', 'f'] as const) checkNumber(m[k], `transformImage: m.${k}`);
  checkNumber(fill, 'transformImage: fill');
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = m.a * x + m.b * y + m.c;
      const sy = m.d * x + m.e * y + m.f;
      const o = offset + (y * width + x) * channels;
      // Snap to the grid when within float noise, so integer shifts and right angles are exact.
      const rx = Math.abs(sx - Math.round(sx)) < 1e-9 ? Math.round(sx) : sx;
      const ry = Math.abs(sy - Math.round(sy)) < 1e-9 ? Math.round(sy) : sy;
      const x0 = Math.floor(rx), y0 = Math.floor(ry);
      const fx = rx - x0, fy = ry - y0;
      for (let ch = 0; ch < channels; ch++) {
        let acc = 0;
        for (let k = 0; k < 4; k++) {
          const xi = x0 + (k & 1), yi = y0 + (k >> 1);
          const weight = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
          if (weight === 0) continue;
          const value = xi >= 0 && xi < width && yi >= 0 && yi < height ? src[offset + (yi * width + xi) * channels + ch]! : fill;
          acc += weight * value;
        }
        out[o + ch] = acc;
      }
    }
  }
}

/** Mirrors every image left-right ('horizontal') or top-bottom ('vertical'); returns a new batch. */
export function flipImages(images: Float32Array, shape: readonly [number, number, number, number], axis: 'horizontal' | 'vertical'): Float32Array {
  const [n, h, w, c] = checkImages(images, shape, 'flipImages');
  checkOneOf(axis, 'flipImages: axis', ['horizontal', 'vertical'] as const);
  const out = new Float32Array(images.length);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = axis === 'horizontal' ? w - 1 - x : x;
        const sy = axis === 'vertical' ? h - 1 - y : y;
        const from = ((i * h + sy) * w + sx) * c;
        out.set(images.subarray(from, from + c), ((i * h + y) * w + x) * c);
      }
    }
  }
  return out;
}

export interface ImageAugmentOptions {
  /** Probability of a left-right flip per image (default 0; digits must not be flipped). */
  flipHorizontal?: number;
  /** Probability of a top-bottom flip per image (default 0). */
  flipVertical?: number;
  /** Rotation drawn uniformly from [-max, max] degrees (default 0). */
  maxRotationDegrees?: number;
  /** Shift drawn uniformly from [-max, max] pixels on each axis (default 0). */
  maxShiftPixels?: number;
  /** Scale drawn uniformly from [min, max] (default [1, 1]). */
  scaleRange?: readonly [number, number];
  /** Standard deviation of additive Gaussian noise (default 0). */
  noiseStd?: number;
  /** Clamp the result to this range (e.g. [0, 1]); default none. */
  clip?: readonly [number, number];
  /** Value of pixels shifted in from outside the image (default 0). */
  fill?: number;
}

/** Random augmentation of every image of a batch [N, H, W, C], drawn from `random`. Returns a new batch. */
export function augmentImages(
  images: Float32Array, shape: readonly [number, number, number, number], options: ImageAugmentOptions, random: RandomSource,
): Float32Array {
  const [n, h, w, c] = checkImages(images, shape, 'augmentImages');
  options = optionsOf(options, 'augmentImages');
  checkRandom(random, 'augmentImages');
  const [scaleMin, scaleMax] = checkRange(options.scaleRange, 'augmentImages: scaleRange', true) ?? [1, 1];
  const maxRotation = checkNumber(options.maxRotationDegrees ?? 0, 'augmentImages: maxRotationDegrees', { min: 0 });
  const maxShift = checkNumber(options.maxShiftPixels ?? 0, 'augmentImages: maxShiftPixels', { min: 0 });
  const noise = checkNumber(options.noiseStd ?? 0, 'augmentImages: noiseStd', { min: 0 });
  checkNumber(options.flipHorizontal ?? 0, 'augmentImages: flipHorizontal', { min: 0, max: 1 });
  checkNumber(options.flipVertical ?? 0, 'augmentImages: flipVertical', { min: 0, max: 1 });
  checkNumber(options.fill ?? 0, 'augmentImages: fill');
  const clip = checkRange(options.clip, 'augmentImages: clip', false);
  const imageSize = h * w * c;
  let out = new Float32Array(images.length);
  for (let i = 0; i < n; i++) {
    const degrees = maxRotation > 0 ? randomUniform(random, -maxRotation, maxRotation) : 0;
    const scale = scaleMax > scaleMin ? randomUniform(random, scaleMin, scaleMax) : scaleMin;
    const dx = maxShift > 0 ? randomUniform(random, -maxShift, maxShift) : 0;
    const dy = maxShift > 0 ? randomUniform(random, -maxShift, maxShift) : 0;
    transformImage(images, out, i * imageSize, h, w, c, inverseAffine(h, w, degrees, scale, dx, dy), options.fill ?? 0);
  }
  for (const [axis, p] of [['horizontal', options.flipHorizontal ?? 0], ['vertical', options.flipVertical ?? 0]] as const) {
    if (p <= 0) continue;
    const flipped = flipImages(out, shape, axis);
    for (let i = 0; i < n; i++) {
      if (random.random() < p) out.set(flipped.subarray(i * imageSize, (i + 1) * imageSize), i * imageSize);
    }
  }
  if (noise > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! + noise * random.normal();
  if (clip) {
    const [lo, hi] = clip;
    for (let i = 0; i < out.length; i++) out[i] = Math.min(hi, Math.max(lo, out[i]!));
  }
  return out;
}
