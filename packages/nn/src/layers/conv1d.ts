import { reshape, scope, ShapeError, type Tensor } from '@neurite/tensor';
import { Module } from '../module/module.ts';
import { checkBoolean, checkElements, checkOneOf, checkSize, optionsOf } from '../validate.ts';
import { CONV_ACTIVATIONS, type Conv2dOptions, type ConvActivation, convolve, convParameters } from './conv.ts';
import { avgPool, maxPool, type PoolWindow } from './pool.ts';

/*
 * 1-D convolution and pooling, channels-last like the 2-D layers: input [N, L, C] -> [N, OL, C'].
 * Each runs as its 2-D op on a height-1 image [N, 1, L, C] (reshapes only, no copies).
 */

/** [N, L, C] as [N, 1, L, C], checked (ShapeError naming the layer). */
function asImage(x: Tensor, layer: string, channels?: number): Tensor {
  if (x.shape.length !== 3 || (channels !== undefined && x.shape[2] !== channels)) {
    throw new ShapeError(`${layer}: input shape [${x.shape.join(', ')}] must be [N, L, ${channels ?? 'C'}] (channels last)`);
  }
  return reshape(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]);
}

/** Runs `op` on the height-1 image of x and returns [N, OL, C'] (intermediates freed). */
function on1d(x: Tensor, layer: string, channels: number | undefined, op: (image: Tensor) => Tensor): Tensor {
  return scope(() => {
    const y = op(asImage(x, layer, channels));
    return reshape(y, [y.shape[0]!, y.shape[2]!, y.shape[3]!]);
  });
}

export interface Conv1dOptions extends Omit<Conv2dOptions, 'stride' | 'padding' | 'dilation'> {
  stride?: number;
  /** Zero padding per side, or 'same' (stride 1; an even effective kernel pads one more after, as PyTorch) / 'valid' (default 0). */
  padding?: number | 'same' | 'valid';
  dilation?: number;
}

/**
 * 1-D convolution on [N, L, Cin] with weights [K, Cin, Cout] (PyTorch's [Cout, Cin, K] permuted,
 * as Conv2d's HWIO). Output [N, OL, Cout] with OL = floor((L + 2 padding - dilation (K - 1) - 1) / stride) + 1.
 */
export class Conv1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number | 'same' | 'valid';
  readonly dilation: number;
  readonly activation: ConvActivation;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: number, options: Conv1dOptions = {}) {
    super();
    options = optionsOf(options, 'Conv1d');
    checkSize(inChannels, 'Conv1d: inChannels');
    checkSize(outChannels, 'Conv1d: outChannels');
    this.kernelSize = checkSize(kernelSize, 'Conv1d: kernelSize');
    this.stride = checkSize(options.stride ?? 1, 'Conv1d: stride');
    this.padding = options.padding === 'same' || options.padding === 'valid' ? options.padding : checkSize(options.padding ?? 0, 'Conv1d: padding', 0);
    this.dilation = checkSize(options.dilation ?? 1, 'Conv1d: dilation');
    this.activation = checkOneOf(options.activation ?? 'none', 'Conv1d: activation', CONV_ACTIVATIONS);
    checkElements('Conv1d: weight [k, inChannels, outChannels]', this.kernelSize, inChannels, outChannels);
    const { weight, bias } = convParameters([this.kernelSize, inChannels, outChannels], options);
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
    return `${this.inChannels}->${this.outChannels}, kernel=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}` +
      `${this.dilation !== 1 ? `, dilation=${this.dilation}` : ''}${this.activation === 'none' ? '' : `, ${this.activation}`}`;
  }

  forward(x: Tensor): Tensor {
    const padding = typeof this.padding === 'string' ? this.padding : ([0, this.padding] as const);
    const settings = {
      kernelSize: [1, this.kernelSize] as const, stride: [1, this.stride] as const, padding, dilation: [1, this.dilation] as const,
      activation: this.activation, bias: this.bias,
    };
    return on1d(x, 'Conv1d', this.inChannels, (image) => convolve(image, reshape(this.weight, [1, this.kernelSize, this.inChannels, this.outChannels]), settings));
  }
}

interface Pool1dOptions { stride?: number; padding?: number; ceilMode?: boolean; dilation?: number }

/** Window, stride (default: the window) and padding of a 1-D pool, checked. */
function poolWindow(kernelSize: number, options: Pool1dOptions, layer: string): [number, number, number, boolean] {
  const k = checkSize(kernelSize, `${layer}: kernelSize`);
  return [k, checkSize(options.stride ?? k, `${layer}: stride`), checkSize(options.padding ?? 0, `${layer}: padding`, 0), checkBoolean(options.ceilMode ?? false, `${layer}: ceilMode`)];
}

/** The 1-D window as a 2-D one of height 1. */
function window2d(layer: { kernelSize: number; stride: number; padding: number; ceilMode: boolean }): PoolWindow {
  return { kernel: [1, layer.kernelSize], stride: [1, layer.stride], padding: [0, layer.padding], ceilMode: layer.ceilMode };
}

/**
 * Max pooling over windows of [N, L, C] (stride defaults to the kernel size; ceilMode as PyTorch's
 * ceil_mode); the gradient goes to each window's first maximum.
 */
export class MaxPool1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly ceilMode: boolean;
  readonly dilation: number;
  constructor(kernelSize: number, options: Pool1dOptions = {}) {
    super();
    options = optionsOf(options, 'MaxPool1d');
    [this.kernelSize, this.stride, this.padding, this.ceilMode] = poolWindow(kernelSize, options, 'MaxPool1d');
    this.dilation = checkSize(options.dilation ?? 1, 'MaxPool1d: dilation', 1);
  }
  override describe(): string {
    return `kernel=${this.kernelSize}, stride=${this.stride}`;
  }
  forward(x: Tensor): Tensor {
    return on1d(x, 'MaxPool1d', undefined, (image) => maxPool(image, { ...window2d(this), dilation: [1, this.dilation] }, 'MaxPool1d'));
  }
}

/** Average pooling over windows of [N, L, C]; the zero padding counts in the divisor unless countIncludePad is false (PyTorch's default too). */
export class AvgPool1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly countIncludePad: boolean;
  readonly ceilMode: boolean;
  constructor(kernelSize: number, options: Pool1dOptions & { countIncludePad?: boolean } = {}) {
    super();
    options = optionsOf(options, 'AvgPool1d');
    [this.kernelSize, this.stride, this.padding, this.ceilMode] = poolWindow(kernelSize, options, 'AvgPool1d');
    this.countIncludePad = checkBoolean(options.countIncludePad ?? true, 'AvgPool1d: countIncludePad');
  }
  override describe(): string {
    return `kernel=${this.kernelSize}, stride=${this.stride}`;
  }
  forward(x: Tensor): Tensor {
    return on1d(x, 'AvgPool1d', undefined, (image) => avgPool(image, window2d(this), this.countIncludePad, 'AvgPool1d'));
  }
}
