import fc from 'fast-check';
import { ArgumentError, init, memory, randn, scope, ShapeError } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { badValue, expectTypedOrCorrect, SEED, size } from '../misuse/harness.ts';
import { Sequential } from '../layers/sequential.ts';
import { buildModel } from './build-model.ts';
import { alexNetConfig, buildFromConfig } from './cnn.ts';
import { type LayerSpec, type ModelSpec, modelOutputShape } from './model-spec.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

const cnn: ModelSpec = {
  inputShape: [12, 10, 3],
  layers: [
    { type: 'conv2d', outChannels: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'batchNorm' },
    { type: 'maxPool2d', kernelSize: 2 },
    { type: 'conv2d', outChannels: 6, kernelSize: [3, 2], stride: [1, 2], padding: [1, 0], dilation: 1, bias: false },
    { type: 'gelu' },
    { type: 'avgPool2d', kernelSize: 3, stride: 1, padding: 1 },
    { type: 'flatten' },
    { type: 'dropout', p: 0.25 },
    { type: 'linear', outFeatures: 8, activation: 'tanh' },
    { type: 'layerNorm' },
    { type: 'leakyRelu' },
    { type: 'batchNorm', momentum: 0.2 },
    { type: 'linear', outFeatures: 5 },
  ],
};

describe('ModelSpec', () => {
  it('computes the output shape without allocating, and the built model agrees', () => {
    const before = memory().liveTensors;
    expect(modelOutputShape(cnn)).toEqual([5]);
    expect(modelOutputShape({ inputShape: [6, 6, 2], layers: [{ type: 'conv2d', outChannels: 3, kernelSize: 3, stride: 2 }] })).toEqual([2, 2, 3]);
    expect(modelOutputShape({ inputShape: [6, 6, 2], layers: [{ type: 'globalAvgPool2d' }, { type: 'sigmoid' }] })).toEqual([2]);
    expect(modelOutputShape({ inputShape: [7, 4], layers: [{ type: 'linear', outFeatures: 2 }, { type: 'batchNorm' }] })).toEqual([7, 2]);
    expect(modelOutputShape({ inputShape: [4], layers: [] })).toEqual([4]);
    expect(memory().liveTensors).toBe(before);
    const model = buildModel(cnn, { seed: 1 });
    expect(model.length).toBe(cnn.layers.length); // one module per layer
    expect(scope(() => model.forward(randn([2, 12, 10, 3], { seed: 3 })).shape.slice())).toEqual([2, 5]);
    expect([...model.stateDict().keys()].slice(0, 3)).toEqual(['0.weight', '0.bias', '1.weight']);
    expect(model.namedParameters().map(([n]) => n)).toContain('3.weight');
    expect(model.namedParameters().map(([n]) => n)).not.toContain('3.bias');
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('is serializable and seeded: a JSON round trip builds the same weights', () => {
    const spec = alexNetConfig({ scale: 16, numClasses: 7 });
    const a = buildModel(spec, { seed: 5 });
    const b = buildModel(JSON.parse(JSON.stringify(spec)) as ModelSpec, { seed: 5 });
    expect(b.stateDict()).toEqual(a.stateDict());
    expect(modelOutputShape(spec)).toEqual([7]);
    a.dispose();
    b.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  const bad: [string, unknown, new (...args: never[]) => Error, RegExp][] = [
    ['not an object', 3, ArgumentError, /model spec/],
    ['no input shape', { layers: [] }, ShapeError, /inputShape/],
    ['a fractional input size', { inputShape: [2.5], layers: [] }, ShapeError, /inputShape\[0\]/],
    ['layers not an array', { inputShape: [2], layers: 'dense' }, ArgumentError, /model\.layers/],
    ['an unknown type', { inputShape: [2], layers: [{ type: 'dense', units: 3 }] }, ArgumentError, /layers\[0\]\.type/],
    ['an unknown field', { inputShape: [2], layers: [{ type: 'linear', outFeatures: 3, units: 3 }] }, ArgumentError, /units is not a field/],
    ['conv2d on a flat input', { inputShape: [8], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 3 }] }, ShapeError, /\[height, width, channels\]/],
    ['a kernel larger than the input', { inputShape: [4, 4, 1], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 5 }] }, ShapeError, /does not fit/],
    ["'same' with stride 2", { inputShape: [4, 4, 1], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 3, stride: 2, padding: 'same' }] }, ShapeError, /stride 1/],
    ["'same' with an even kernel", { inputShape: [4, 4, 1], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 2, padding: 'same' }] }, ShapeError, /odd/],
    ['pool padding above half the kernel', { inputShape: [4, 4, 1], layers: [{ type: 'maxPool2d', kernelSize: 2, padding: 2 }] }, ShapeError, /half the kernel/],
    ['a bad kernel pair', { inputShape: [4, 4, 1], layers: [{ type: 'maxPool2d', kernelSize: [2, 2, 2] }] }, ArgumentError, /pair/],
    ['dropout p = 1', { inputShape: [4], layers: [{ type: 'dropout', p: 1 }] }, ArgumentError, /p must be/],
    ['an unfused activation on linear', { inputShape: [4], layers: [{ type: 'linear', outFeatures: 2, activation: 'leakyRelu' }] }, ArgumentError, /activation/],
    ['a weight too large', { inputShape: [1 << 16], layers: [{ type: 'linear', outFeatures: 1 << 16 }] }, ShapeError, /elements/],
    ['batchNorm on rank 4', { inputShape: [2, 2, 2, 2], layers: [{ type: 'batchNorm' }] }, ShapeError, /batchNorm/],
    ['a null layer', { inputShape: [4], layers: [null] }, ArgumentError, /layers\[0\]/],
  ];
  it.each(bad)('rejects %s with a typed error, before allocating anything', (_name, spec, type, message) => {
    expect(() => modelOutputShape(spec as ModelSpec)).toThrow(type);
    expect(() => buildModel(spec as ModelSpec, { seed: 1 })).toThrow(message);
    expect(memory().liveTensors).toBe(start);
  });

  it('fuses the exact and tanh GELUs into linear and conv2d layers, as PyTorch\'s nn.GELU defaults', () => {
    const model = buildModel({ inputShape: [6, 6, 1], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 3, activation: 'gelu' }, { type: 'flatten' }, { type: 'linear', outFeatures: 3, activation: 'geluTanh' }] }, { seed: 3 });
    scope(() => expect(model.forward(randn([2, 6, 6, 1], { seed: 4 })).shape).toEqual([2, 3]));
    expect(() => buildModel({ inputShape: [4], layers: [{ type: 'linear', outFeatures: 2, activation: 'swish' as never }] })).toThrow(/activation/);
    model.dispose();
  });

  it('checks the last layer before the first is allocated', () => {
    const layers: LayerSpec[] = [{ type: 'linear', outFeatures: 64 }, { type: 'relu' }, { type: 'conv2d', outChannels: 1, kernelSize: 1 }];
    expect(() => buildModel({ inputShape: [32], layers }, { seed: 1 })).toThrow(/layers\[2\] \(conv2d\)/);
    expect(() => buildModel(cnn, { seed: Number.NaN })).toThrow(ArgumentError);
    expect(memory().liveTensors).toBe(start);
  });

  it('buildFromConfig (deprecated) takes the same vocabulary', () => {
    const model = buildFromConfig([{ type: 'flatten' }, { type: 'linear', outFeatures: 2 }], [2, 2, 1], { seed: 1 });
    expect(model.parameterCount()).toBe(4 * 2 + 2);
    model.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('fuzzed specs: a typed error, or a model whose output shape is the one modelOutputShape predicts', () => {
    const pair = fc.oneof(size, fc.tuple(size, size));
    const activation = fc.constantFrom('none', 'relu', 'tanh', 'sigmoid', 'gelu');
    const layer = fc.oneof(
      fc.record({ type: fc.constant('linear'), outFeatures: size, bias: fc.boolean(), activation }, { requiredKeys: ['type', 'outFeatures'] }),
      fc.record({ type: fc.constant('conv2d'), outChannels: size, kernelSize: pair, stride: pair, padding: fc.oneof(pair, fc.constantFrom('same', 'valid', 0)), dilation: pair, activation },
        { requiredKeys: ['type', 'outChannels', 'kernelSize'] }),
      fc.record({ type: fc.constantFrom('maxPool2d', 'avgPool2d'), kernelSize: pair, stride: pair, padding: fc.oneof(fc.constant(0), pair) }, { requiredKeys: ['type', 'kernelSize'] }),
      fc.record({ type: fc.constant('dropout'), p: fc.oneof(fc.double({ min: 0, max: 1 }), badValue) }),
      fc.record({ type: fc.constantFrom('flatten', 'globalAvgPool2d', 'batchNorm', 'layerNorm', 'relu', 'gelu', 'leakyRelu', 'softmax') }),
      badValue,
    );
    const inputShape = fc.oneof(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), badValue);
    fc.assert(fc.property(inputShape, fc.array(layer, { maxLength: 4 }), (shape, layers) => {
      const spec = { inputShape: shape, layers } as unknown as ModelSpec;
      expectTypedOrCorrect(() => buildModel(spec, { seed: 1 }), (model: Sequential) => {
        const expected = modelOutputShape(spec);
        const x = randn([2, ...(shape as number[])], { seed: 2 });
        expect(scope(() => model.forward(x).shape.slice())).toEqual([2, ...expected]);
        x.dispose();
      });
    }), { seed: SEED, numRuns: 300 });
  });
});
