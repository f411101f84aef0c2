import { ShapeError } from '@neurite/tensor';
import { AvgPool2d, Conv2d, GlobalAvgPool2d, MaxPool2d } from '../layers/conv.ts';
import { Dropout } from '../layers/dropout.ts';
import { Flatten } from '../layers/flatten.ts';
import { Linear } from '../layers/linear.ts';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from '../layers/normalization.ts';
import type { Module } from '../module/module.ts';
import { checkBoolean, checkElements, checkNumber, checkOneOf, checkSize, describeValue, invalidArgument, MAX_ELEMENTS } from '../validate.ts';
import { activationModule, type ActivationName } from './mlp.ts';

/**
 * The one serializable description of a sequential model in Neurite (plain JSON: it crosses
 * workers and files). Names follow PyTorch's layers; shapes are per example (no batch axis),
 * channels-last: [features], [length, features] or [height, width, channels]. Each layer becomes
 * exactly one module, so layer i's parameters are saved as "i.weight", "i.bias", ...
 */
export interface ModelSpec {
  inputShape: readonly number[];
  layers: readonly LayerSpec[];
}

/** A size or a [height, width] pair. */
export type SpecSize = number | readonly [number, number];
/** Activations fused into a linear or conv2d layer's store (the others are layers of their own). */
export type FusedActivation = 'none' | 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'geluTanh';

export type LayerSpec =
  /** nn.Linear on the last axis: [..., in] -> [..., outFeatures]. */
  | { type: 'linear'; outFeatures: number; bias?: boolean; activation?: FusedActivation }
  /** nn.Conv2d on [h, w, c]; padding a size, a pair, 'same' (stride 1, odd kernel) or 'valid'. */
  | {
      type: 'conv2d'; outChannels: number; kernelSize: SpecSize; stride?: SpecSize; padding?: SpecSize | 'same' | 'valid';
      dilation?: SpecSize; bias?: boolean; activation?: FusedActivation;
    }
  /** Pooling on [h, w, c]; stride defaults to the kernel size, padding (at most half the kernel) to 0. */
  | { type: 'maxPool2d' | 'avgPool2d'; kernelSize: SpecSize; stride?: SpecSize; padding?: SpecSize }
  /** [h, w, c] -> [c]. */
  | { type: 'globalAvgPool2d' }
  /** Everything to one axis: [...] -> [product]. */
  | { type: 'flatten' }
  | { type: 'dropout'; p: number }
  /** BatchNorm1d on [features] or [length, features], BatchNorm2d on [h, w, c]. */
  | { type: 'batchNorm'; eps?: number; momentum?: number }
  /** LayerNorm over the last axis. */
  | { type: 'layerNorm'; eps?: number }
  | { type: ActivationName };

export const LAYER_TYPES = [
  'linear', 'conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'flatten', 'dropout', 'batchNorm', 'layerNorm', 'relu', 'tanh', 'sigmoid', 'leakyRelu', 'gelu',
] as const satisfies readonly LayerSpec['type'][];

const FUSED: readonly FusedActivation[] = ['none', 'relu', 'tanh', 'sigmoid', 'gelu', 'geluTanh'];

/** A checked layer: the shape it outputs and how to make its module (nothing allocated yet). */
export interface PlannedLayer {
  outputShape: number[];
  make: (seed: number) => Module;
}

const fields: Record<(typeof LAYER_TYPES)[number], readonly string[]> = {
  linear: ['outFeatures', 'bias', 'activation'],
  conv2d: ['outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'bias', 'activation'],
  maxPool2d: ['kernelSize', 'stride', 'padding'],
  avgPool2d: ['kernelSize', 'stride', 'padding'],
  globalAvgPool2d: [], flatten: [], dropout: ['p'], batchNorm: ['eps', 'momentum'], layerNorm: ['eps'],
  relu: [], tanh: [], sigmoid: [], leakyRelu: [], gelu: [],
};

function pairOf(value: unknown, what: string, min: number): [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2) invalidArgument(`${what} must be a size or a [height, width] pair, got ${describeValue(value)}`);
    return [checkSize(value[0], `${what}[0]`, min, 1 << 20), checkSize(value[1], `${what}[1]`, min, 1 << 20)];
  }
  const n = checkSize(value, what, min, 1 << 20);
  return [n, n];
}

function needsRank(shape: readonly number[], rank: number, where: string, expected: string): void {
  if (shape.length !== rank) throw new ShapeError(`${where} receives shape [${shape.join(', ')}]; expected ${expected}`);
}

/** Output size of a window op along one axis (PyTorch's formula); below 1 is a ShapeError. */
function windowOut(size: number, kernel: number, stride: number, padding: number, dilation: number, where: string, shape: readonly number[]): number {
  const out = Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
  if (out < 1) throw new ShapeError(`${where}: a ${dilation * (kernel - 1) + 1}-wide window does not fit the input [${shape.join(', ')}] (padding ${padding})`);
  return out;
}

/** Checks one layer against the shape flowing into it. */
export function planLayer(layer: unknown, shape: readonly number[], index: number): PlannedLayer {
  const at = `model.layers[${index}]`;
  if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) invalidArgument(`${at} must be a layer object, got ${describeValue(layer)}`);
  const spec = layer as Record<string, unknown>;
  const type = checkOneOf(spec.type, `${at}.type`, LAYER_TYPES);
  const where = `${at} (${type})`;
  for (const key of Object.keys(spec)) {
    if (key !== 'type' && !fields[type].includes(key)) invalidArgument(`${at}.${key} is not a field of ${type}; expected ${fields[type].join(', ') || 'none'}`);
  }
  const last = shape[shape.length - 1]!;
  switch (type) {
    case 'linear': {
      const out = checkSize(spec.outFeatures, `${at}.outFeatures`);
      const bias = checkBoolean(spec.bias ?? true, `${at}.bias`);
      const activation = checkOneOf(spec.activation ?? 'none', `${at}.activation`, FUSED);
      checkElements(`${where} weight [outFeatures, inFeatures]`, out, last);
      return { outputShape: [...shape.slice(0, -1), out], make: (seed) => new Linear(last, out, { bias, activation, seed }) };
    }
    case 'conv2d': {
      needsRank(shape, 3, where, '[height, width, channels]');
      const [h, w, c] = shape as [number, number, number];
      const out = checkSize(spec.outChannels, `${at}.outChannels`);
      const kernel = pairOf(spec.kernelSize, `${at}.kernelSize`, 1);
      const stride = pairOf(spec.stride ?? 1, `${at}.stride`, 1);
      const dilation = pairOf(spec.dilation ?? 1, `${at}.dilation`, 1);
      const bias = checkBoolean(spec.bias ?? true, `${at}.bias`);
      const activation = checkOneOf(spec.activation ?? 'none', `${at}.activation`, FUSED);
      let padding: [number, number];
      if (spec.padding === 'same') {
        const span = kernel.map((k, i) => dilation[i]! * (k - 1));
        if (stride[0] !== 1 || stride[1] !== 1) throw new ShapeError(`${at}.padding: 'same' needs stride 1, got [${stride.join(', ')}]`);
        if (span[0]! % 2 !== 0 || span[1]! % 2 !== 0) throw new ShapeError(`${at}.padding: 'same' needs an odd (dilated) kernel, got ${kernel.join('x')}`);
        padding = [span[0]! / 2, span[1]! / 2];
      } else padding = spec.padding === 'valid' ? [0, 0] : pairOf(spec.padding ?? 0, `${at}.padding`, 0);
      checkElements(`${where} weight [kh, kw, inChannels, outChannels]`, kernel[0], kernel[1], c, out);
      const oh = windowOut(h, kernel[0], stride[0], padding[0], dilation[0], where, shape);
      const ow = windowOut(w, kernel[1], stride[1], padding[1], dilation[1], where, shape);
      const options = { stride, padding, dilation, bias, activation };
      return { outputShape: [oh, ow, out], make: (seed) => new Conv2d(c, out, kernel, { ...options, seed }) };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      needsRank(shape, 3, where, '[height, width, channels]');
      const [h, w, c] = shape as [number, number, number];
      const kernel = pairOf(spec.kernelSize, `${at}.kernelSize`, 1);
      const stride = spec.stride === undefined ? kernel : pairOf(spec.stride, `${at}.stride`, 1);
      const padding = pairOf(spec.padding ?? 0, `${at}.padding`, 0);
      if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) throw new ShapeError(`${at}.padding [${padding.join(', ')}] must be at most half the kernel ${kernel.join('x')}`);
      const outputShape = [windowOut(h, kernel[0], stride[0], padding[0], 1, where, shape), windowOut(w, kernel[1], stride[1], padding[1], 1, where, shape), c];
      const Pool = type === 'maxPool2d' ? MaxPool2d : AvgPool2d;
      return { outputShape, make: () => new Pool(kernel, { stride, padding }) };
    }
    case 'globalAvgPool2d':
      needsRank(shape, 3, where, '[height, width, channels]');
      return { outputShape: [shape[2]!], make: () => new GlobalAvgPool2d() };
    case 'flatten': {
      const size = shape.reduce((a, b) => a * b, 1);
      if (size > MAX_ELEMENTS) throw new ShapeError(`${where}: [${shape.join(', ')}] has ${size} elements per example, more than ${MAX_ELEMENTS}`);
      return { outputShape: [size], make: () => new Flatten() };
    }
    case 'dropout': {
      const p = checkNumber(spec.p, `${at}.p`, { min: 0, max: 1, maxExclusive: true });
      return { outputShape: [...shape], make: (seed) => new Dropout(p, { seed }) };
    }
    case 'batchNorm': {
      if (shape.length > 3) throw new ShapeError(`${where} receives shape [${shape.join(', ')}]; expected [features], [length, features] or [height, width, channels]`);
      const eps = checkNumber(spec.eps ?? 1e-5, `${at}.eps`, { min: 0, minExclusive: true });
      const momentum = checkNumber(spec.momentum ?? 0.1, `${at}.momentum`, { min: 0, max: 1 });
      const Norm = shape.length === 3 ? BatchNorm2d : BatchNorm1d;
      return { outputShape: [...shape], make: () => new Norm(last, { eps, momentum }) };
    }
    case 'layerNorm': {
      const eps = checkNumber(spec.eps ?? 1e-5, `${at}.eps`, { min: 0, minExclusive: true });
      return { outputShape: [...shape], make: () => new LayerNorm(last, { eps }) };
    }
    default:
      return { outputShape: [...shape], make: () => activationModule(type) };
  }
}

/** The checked input shape, then every layer checked against the shape flowing into it. */
export function planModel(spec: unknown): { layers: PlannedLayer[]; outputShape: number[] } {
  if (typeof spec !== 'object' || spec === null) invalidArgument(`model spec must be an object { inputShape, layers }, got ${describeValue(spec)}`);
  const { inputShape, layers } = spec as Partial<ModelSpec>;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.length > 8) {
    throw new ShapeError(`model.inputShape must be an array of 1 to 8 sizes (one example, no batch axis), got ${describeValue(inputShape)}`);
  }
  let shape = inputShape.map((d, i) => checkSize(d, `model.inputShape[${i}]`, 1, 1 << 24));
  checkElements('model.inputShape', ...shape);
  if (!Array.isArray(layers)) invalidArgument(`model.layers must be an array of layers, got ${describeValue(layers)}`);
  const planned = layers.map((layer, i) => {
    const step = planLayer(layer, shape, i);
    shape = step.outputShape;
    return step;
  });
  return { layers: planned, outputShape: shape };
}

/** The shape of one output example of `spec` (no batch axis), checked layer by layer; allocates nothing. */
export function modelOutputShape(spec: ModelSpec): number[] {
  return planModel(spec).outputShape;
}
