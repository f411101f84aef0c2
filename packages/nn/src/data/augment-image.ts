import { type RandomSource, randomUniform } from './random.ts';

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
  const [n, h, w, c] = shape;
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
  const [n, h, w, c] = shape;
  if (n * h * w * c !== images.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${n * h * w * c} values, images has ${images.length}`);
  const [scaleMin, scaleMax] = options.scaleRange ?? [1, 1];
  if (!(scaleMin > 0 && scaleMax >= scaleMin)) throw new RangeError(`scaleRange must be [min, max] with 0 < min <= max, got [${scaleMin}, ${scaleMax}]`);
  const maxRotation = options.maxRotationDegrees ?? 0;
  const maxShift = options.maxShiftPixels ?? 0;
  const noise = options.noiseStd ?? 0;
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
  if (options.clip) {
    const [lo, hi] = options.clip;
    for (let i = 0; i < out.length; i++) out[i] = Math.min(hi, Math.max(lo, out[i]!));
  }
  return out;
}
