import { ArgumentError, avgPool2d, conv2d, pad, reshape, scope, ShapeError, type Tensor, tensor } from '@neurite/tensor';
import { type Initializer, initialValues, nextDefaultSeed, type Nonlinearity, uniformValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkBoolean, checkElements, checkOneOf, checkSize, describeValue, optionsOf } from '../validate.ts';
import { avgPool, maxPool } from './pool.ts';

export type Pair = readonly [number, number];
/** A size or [height, width] pair (default d when undefined), each checked to be an integer in [min, MAX_ELEMENTS]. */
export function pair(v: Pair | number | undefined, d: number, what: string, min: number): [number, number] {
  if (v === undefined) return [d, d];
  if (typeof v === 'number') return [checkSize(v, what, min), checkSize(v, what, min)];
  if (!Array.isArray(v) || v.length !== 2) throw new ArgumentError(`${what} must be a number or a [height, width] pair, got ${describeValue(v)}`);
  return [checkSize(v[0], `${what}[0]`, min), checkSize(v[1], `${what}[1]`, min)];
}

/** Activations fused into a convolution ('gelu' exact, 'geluTanh' the tanh approximation). */
export const CONV_ACTIVATIONS = ['none', 'relu', 'sigmoid', 'tanh', 'gelu', 'geluTanh'] as const;
export type ConvActivation = (typeof CONV_ACTIVATIONS)[number];

export interface Conv2dOptions {
  stride?: Pair | number;
  /**
   * Zero padding per side, or 'same' (stride 1) / 'valid' (default 0). 'same' with an even
   * effective kernel pads as PyTorch does: total dilation (k - 1), floor(total / 2) before and the
   * rest after (one more row at the bottom and one more column on the right).
   */
  padding?: Pair | number | 'same' | 'valid';
  dilation?: Pair | number;
  bias?: boolean;
  /** Activation fused into the convolution's store (default 'none'). */
  activation?: ConvActivation;
  /** Weight initializer (default: PyTorch's, uniform in +-1/sqrt(fanIn) for weight and bias). */
  init?: Initializer | 'default';
  nonlinearity?: Nonlinearity;
  seed?: number;
}

/**
 * 2-D convolution on NHWC input [N, H, W, Cin] with weights HWIO [KH, KW, Cin, Cout] (the kernels'
 * layouts; PyTorch's OIHW weights must be permuted to HWIO when loading them). Output
 * [N, OH, OW, Cout] with OH = floor((H + 2 padH - dilH (KH - 1) - 1) / strideH) + 1.
 */
export class Conv2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly activation: ConvActivation;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair | number, options: Conv2dOptions = {}) {
    super();
    options = optionsOf(options, 'Conv2d');
    checkSize(inChannels, 'Conv2d: inChannels');
    checkSize(outChannels, 'Conv2d: outChannels');
    if (kernelSize === undefined) throw new ArgumentError('Conv2d: kernelSize is required');
    this.kernelSize = pair(kernelSize, 1, 'Conv2d: kernelSize', 1);
    this.stride = pair(options.stride, 1, 'Conv2d: stride', 1);
    this.padding = options.padding === 'same' || options.padding === 'valid' ? options.padding : pair(options.padding, 0, 'Conv2d: padding', 0);
    this.dilation = pair(options.dilation, 1, 'Conv2d: dilation', 1);
    this.activation = checkOneOf(options.activation ?? 'none', 'Conv2d: activation', CONV_ACTIVATIONS);
    const [kh, kw] = this.kernelSize;
    checkElements('Conv2d: weight [kh, kw, inChannels, outChannels]', kh, kw, inChannels, outChannels);
    const { weight, bias } = convParameters([kh, kw, inChannels, outChannels], options);
    this.registerParameter('weight', weight);
    if (bias) this.registerParameter('bias', bias);
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  get bias(): Tensor | undefined {
    return this.optionalParam('bias');
  }

  override describe(): string {
    const padding = typeof this.padding === 'string' ? this.padding : this.padding.join('x');
    return `${this.inChannels}->${this.outChannels}, kernel=${this.kernelSize.join('x')}, stride=${this.stride.join('x')}, padding=${padding}` +
      `${this.dilation[0] * this.dilation[1] !== 1 ? `, dilation=${this.dilation.join('x')}` : ''}${this.activation === 'none' ? '' : `, ${this.activation}`}`;
  }

  forward(x: Tensor): Tensor {
    if (x.shape.length !== 4 || x.shape[3] !== this.inChannels) {
      throw new ShapeError(`Conv2d: input shape [${x.shape.join(', ')}] must be NHWC [N, H, W, ${this.inChannels}]`);
    }
    return convolve(x, this.weight, this);
  }
}

/** The convolution settings Conv2d and Conv1d (as a height-1 Conv2d) share. */
export interface ConvSettings {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number] | 'same' | 'valid';
  readonly dilation: readonly [number, number];
  readonly activation: ConvActivation;
  readonly bias?: Tensor | undefined;
}

/** conv2d of NHWC x with HWIO w under `c`; 'same' with an even effective kernel pads the extra row/column after, as PyTorch. */
export function convolve(x: Tensor, w: Tensor, c: ConvSettings): Tensor {
  const options = { stride: [...c.stride] as Pair, dilation: [...c.dilation] as Pair, bias: c.bias ?? null, activation: c.activation };
  const [eh, ew] = [c.dilation[0] * (c.kernelSize[0] - 1), c.dilation[1] * (c.kernelSize[1] - 1)];
  const stride1 = c.stride[0] === 1 && c.stride[1] === 1;
  const padding = typeof c.padding === 'string' ? c.padding : ([...c.padding] as Pair);
  if (padding !== 'same' || !stride1 || (eh % 2 === 0 && ew % 2 === 0)) return conv2d(x, w, { ...options, padding });
  return scope(() => conv2d(pad(x, [[0, 0], [0, eh % 2], [0, ew % 2], [0, 0]]), w, { ...options, padding: [Math.floor(eh / 2), Math.floor(ew / 2)] }));
}

/**
 * A new `weight` of `shape` [...kernel, Cin, Cout] and (unless options.bias is false) `bias`
 * [Cout], initialized as PyTorch's convolutions (uniform in +-1/sqrt(fanIn), fanIn = Cin * kernel size).
 */
export function convParameters(shape: readonly number[], options: Pick<Conv2dOptions, 'bias' | 'init' | 'nonlinearity' | 'seed'>): { weight: Tensor; bias?: Tensor } {
  const count = shape.reduce((a, b) => a * b, 1);
  const outChannels = shape[shape.length - 1]!;
  const fanIn = count / outChannels;
  const fanOut = count / shape[shape.length - 2]!;
  const seed = options.seed ?? nextDefaultSeed();
  const kind = options.init ?? 'default';
  const w = kind === 'default' ? uniformValues(count, 1 / Math.sqrt(fanIn), seed) : initialValues(kind, count, fanIn, fanOut, seed, options.nonlinearity);
  if (!(options.bias ?? true)) return { weight: tensor(w, shape) };
  const b = kind === 'default' ? uniformValues(outChannels, 1 / Math.sqrt(fanIn), seed ^ 0x5bd1e995) : new Float32Array(outChannels);
  return { weight: tensor(w, shape), bias: tensor(b, [outChannels]) };
}

/** Max pooling over NHWC windows (stride defaults to the kernel size; ceilMode as PyTorch's ceil_mode). */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly ceilMode: boolean;
  readonly dilation: [number, number];
  constructor(kernelSize: Pair | number, options: { stride?: Pair | number; padding?: Pair | number; dilation?: Pair | number; ceilMode?: boolean } = {}) {
    super();
    options = optionsOf(options, 'MaxPool2d');
    if (kernelSize === undefined) throw new ArgumentError('MaxPool2d: kernelSize is required');
    this.kernelSize = pair(kernelSize, 1, 'MaxPool2d: kernelSize', 1);
    this.stride = pair(options.stride ?? kernelSize, 1, 'MaxPool2d: stride', 1);
    this.padding = pair(options.padding, 0, 'MaxPool2d: padding', 0);
    this.ceilMode = checkBoolean(options.ceilMode ?? false, 'MaxPool2d: ceilMode');
    this.dilation = pair(options.dilation, 1, 'MaxPool2d: dilation', 1);
  }
  override describe(): string {
    return `kernel=${this.kernelSize.join('x')}, stride=${this.stride.join('x')}`;
  }
  forward(x: Tensor): Tensor {
    return maxPool(x, { kernel: this.kernelSize, stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, dilation: this.dilation }, 'MaxPool2d');
  }
}

/**
 * Average pooling over NHWC windows. As in PyTorch, the zero padding counts in each window's
 * divisor by default (countIncludePad true); countIncludePad false divides by the in-bounds cells.
 * ceilMode as PyTorch's ceil_mode.
 */
export class AvgPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly countIncludePad: boolean;
  readonly ceilMode: boolean;
  constructor(kernelSize: Pair | number, options: { stride?: Pair | number; padding?: Pair | number; countIncludePad?: boolean; ceilMode?: boolean } = {}) {
    super();
    options = optionsOf(options, 'AvgPool2d');
    if (kernelSize === undefined) throw new ArgumentError('AvgPool2d: kernelSize is required');
    this.kernelSize = pair(kernelSize, 1, 'AvgPool2d: kernelSize', 1);
    this.stride = pair(options.stride ?? kernelSize, 1, 'AvgPool2d: stride', 1);
    this.padding = pair(options.padding, 0, 'AvgPool2d: padding', 0);
    this.countIncludePad = checkBoolean(options.countIncludePad ?? true, 'AvgPool2d: countIncludePad');
    this.ceilMode = checkBoolean(options.ceilMode ?? false, 'AvgPool2d: ceilMode');
  }
  override describe(): string {
    return `kernel=${this.kernelSize.join('x')}, stride=${this.stride.join('x')}`;
  }
  forward(x: Tensor): Tensor {
    return avgPool(x, { kernel: this.kernelSize, stride: this.stride, padding: this.padding, ceilMode: this.ceilMode }, this.countIncludePad, 'AvgPool2d');
  }
}

/** Mean over the spatial axes of NHWC: [N, H, W, C] -> [N, C] (global average pooling). */
export class GlobalAvgPool2d extends Module {
  forward(x: Tensor): Tensor {
    if (x.shape.length !== 4) throw new ShapeError(`GlobalAvgPool2d: input must be NHWC, got [${x.shape.join(', ')}]`);
    const pooled = avgPool2d(x, [x.shape[1]!, x.shape[2]!]);
    const out = reshape(pooled, [x.shape[0]!, x.shape[3]!]);
    pooled.dispose();
    return out;
  }
}
