import { add, layerNorm, mean, mul, noGrad, ones, reshape, rsqrt, scope, ShapeError, sub, type Tensor, tensor, variance, zeros } from '@neurite/tensor';
import { Module } from '../module/module.ts';
import { checkBoolean, checkElements, checkNumber, checkSize, optionsOf } from '../validate.ts';

/** eps > 0 and affine, checked (ArgumentError). */
function normOptions(options: { eps?: number; affine?: boolean } | undefined, what: string): { eps: number; affine: boolean } {
  const o = optionsOf(options, what);
  return { eps: checkNumber(o.eps ?? 1e-5, `${what}: eps`, { min: 0, minExclusive: true }), affine: checkBoolean(o.affine ?? true, `${what}: affine`) };
}

/**
 * Normalization layers, channels-last (the feature/channel axis is the LAST axis, as the rest of
 * Neurite's NHWC layout). Variance is the biased (population) variance, computed two-pass by
 * `variance`; eps is added before the square root.
 */

function affine(x: Tensor, weight: Tensor | undefined, bias: Tensor | undefined): Tensor {
  return weight && bias ? add(mul(x, weight), bias) : x;
}

/**
 * Batch normalization (Ioffe and Szegedy 2015) over every axis but the last: [N, C] (1d),
 * [N, L, C] (1d) or [N, H, W, C] (2d). Training uses batch statistics and updates the running
 * mean and the running (unbiased) variance with `momentum` (PyTorch's convention:
 * running = (1 - momentum) running + momentum batch; momentum null is the cumulative average
 * with factor 1 / num_batches_tracked); eval mode uses the running statistics. The buffers carry
 * PyTorch's names, running_mean, running_var and num_batches_tracked (an int32 scalar counting the
 * training batches; PyTorch's is int64, and files load either way), so state dicts match strictly.
 */
export class BatchNorm extends Module {
  readonly eps: number;
  readonly momentum: number | null;

  constructor(readonly numFeatures: number, options: { eps?: number; momentum?: number | null; affine?: boolean } = {}) {
    super();
    checkSize(numFeatures, `${this.typeName}: numFeatures`);
    checkElements(`${this.typeName}: numFeatures`, numFeatures);
    const { eps, affine: hasAffine } = normOptions(options, this.typeName);
    this.eps = eps;
    this.momentum = options.momentum === null ? null : checkNumber(options.momentum ?? 0.1, `${this.typeName}: momentum`, { min: 0, max: 1 });
    if (hasAffine) {
      this.registerParameter('weight', ones([numFeatures]));
      this.registerParameter('bias', zeros([numFeatures]));
    }
    this.registerBuffer('running_mean', zeros([numFeatures]));
    this.registerBuffer('running_var', ones([numFeatures]));
    this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
  }

  override describe(): string {
    return `features=${this.numFeatures}`;
  }

  forward(x: Tensor): Tensor {
    const c = x.shape[x.shape.length - 1];
    if (c !== this.numFeatures || x.shape.length < 2) {
      throw new ShapeError(`${this.typeName}: input shape [${x.shape.join(', ')}] must be [N, ..., ${this.numFeatures}]`);
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const count = x.size / c;
    return scope(() => {
      let normalized: Tensor;
      if (this.training) {
        const m = mean(x, axes);
        const v = variance(x, axes);
        normalized = mul(sub(x, m), rsqrt(add(v, this.eps)));
        noGrad(() => {
          const mValues = m.toArray();
          const vValues = v.toArray();
          const rm = this.buffer('running_mean');
          const rv = this.buffer('running_var');
          const tracked = this.buffer('num_batches_tracked');
          const batches = Math.min((tracked.toArray()[0] ?? 0) + 1, 0x7fffffff);
          const momentum = this.momentum ?? 1 / batches;
          const rmValues = rm.toArray();
          const rvValues = rv.toArray();
          const unbias = count > 1 ? count / (count - 1) : 1;
          for (let i = 0; i < c; i++) {
            rmValues[i] = (1 - momentum) * rmValues[i]! + momentum * mValues[i]!;
            rvValues[i] = (1 - momentum) * rvValues[i]! + momentum * vValues[i]! * unbias;
          }
          rm.assignInPlace_(tensor(rmValues, [c]));
          rv.assignInPlace_(tensor(rvValues, [c]));
          tracked.assignInPlace_(tensor([batches], [], { dtype: 'int32' }));
        });
      } else {
        normalized = mul(sub(x, this.buffer('running_mean')), rsqrt(add(this.buffer('running_var'), this.eps)));
      }
      return affine(normalized, this.optionalParam('weight'), this.optionalParam('bias'));
    });
  }
}

/** Batch normalization over [N, C] or [N, L, C]. */
export class BatchNorm1d extends BatchNorm {}
/** Batch normalization over NHWC [N, H, W, C]. */
export class BatchNorm2d extends BatchNorm {}

/** Layer normalization (Ba et al. 2016) over the last `normalizedShape.length` axes, with elementwise affine. */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], options: { eps?: number; affine?: boolean } = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : Array.isArray(normalizedShape) ? [...(normalizedShape as number[])] : undefined;
    if (shape === undefined || shape.length === 0) throw new ShapeError('LayerNorm: normalizedShape must be a size or a non-empty array of sizes');
    shape.forEach((d, i) => checkSize(d, `LayerNorm: normalizedShape[${i}]`));
    checkElements('LayerNorm: normalizedShape', ...shape);
    this.normalizedShape = shape;
    const { eps, affine: hasAffine } = normOptions(options, 'LayerNorm');
    this.eps = eps;
    if (hasAffine) {
      this.registerParameter('weight', ones(this.normalizedShape));
      this.registerParameter('bias', zeros(this.normalizedShape));
    }
  }

  override describe(): string {
    return `shape=[${this.normalizedShape.join(', ')}]`;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.shape.length - k);
    if (x.shape.length < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(`LayerNorm: input shape [${x.shape.join(', ')}] must end in [${this.normalizedShape.join(', ')}]`);
    }
    // tensor's layerNorm: the fused kernel in float32 (statistics, normalization and affine in one
    // pass, dx / dweight / dbias in one backward call); float64 composed from ops as before.
    return layerNorm(x, this.normalizedShape, this.optionalParam('weight'), this.optionalParam('bias'), { eps: this.eps });
  }
}

/**
 * Group normalization (Wu and He 2018), channels-last: x [N, ..., C] with C split into `numGroups`
 * groups of C/G channels; each sample's group is normalized over its spatial positions and channels.
 */
export class GroupNorm extends Module {
  readonly eps: number;

  constructor(readonly numGroups: number, readonly numChannels: number, options: { eps?: number; affine?: boolean } = {}) {
    super();
    checkSize(numGroups, 'GroupNorm: numGroups');
    checkSize(numChannels, 'GroupNorm: numChannels');
    checkElements('GroupNorm: numChannels', numChannels);
    if (numChannels % numGroups !== 0) throw new ShapeError(`GroupNorm: numChannels ${numChannels} must be divisible by numGroups ${numGroups}`);
    const { eps, affine: hasAffine } = normOptions(options, 'GroupNorm');
    this.eps = eps;
    if (hasAffine) {
      this.registerParameter('weight', ones([numChannels]));
      this.registerParameter('bias', zeros([numChannels]));
    }
  }

  override describe(): string {
    return `groups=${this.numGroups}, channels=${this.numChannels}`;
  }

  forward(x: Tensor): Tensor {
    const c = x.shape[x.shape.length - 1];
    if (c !== this.numChannels || x.shape.length < 2) throw new ShapeError(`GroupNorm: input shape [${x.shape.join(', ')}] must be [N, ..., ${this.numChannels}]`);
    const n = x.shape[0]!;
    const spatial = x.size / (n * c);
    const g = this.numGroups;
    return scope(() => {
      const grouped = reshape(x, [n, spatial, g, c / g]);
      const m = mean(grouped, [1, 3], true);
      const v = variance(grouped, [1, 3], true);
      const normalized = reshape(mul(sub(grouped, m), rsqrt(add(v, this.eps))), x.shape);
      return affine(normalized, this.optionalParam('weight'), this.optionalParam('bias'));
    });
  }
}
