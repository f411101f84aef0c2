import fc from 'fast-check';
import { init } from '@neurite/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvgPool2d, BatchNorm1d, GlobalAvgPool2d, Residual, Conv2d, Dropout, Embedding, Flatten, GroupNorm, GRU, LayerNorm, LeakyReLU, Linear, LogSoftmax, LSTM, MaxPool2d, RNN, Sequential,
  Softmax,
} from '../layers/index.ts';
import { buildFromConfig, leNet5, residualBlock, smallCnn, smallResNet, smallVgg } from '../models/cnn.ts';
import { activationModule, mlp } from '../models/mlp.ts';
import { BernoulliRBM } from '../models/rbm.ts';
import { gain, initialValues, kaimingNormal, kaimingUniform, normalValues, uniformValues, xavierNormal, xavierUniform } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { badValue, canary, disposeCanaries, expectTypedOrCorrect, filled, fraction, makeCanaries, optionsWith, property, size, smallShape } from './harness.ts';

beforeAll(async () => {
  await init();
  makeCanaries();
});
afterAll(() => disposeCanaries());

const seedOption = fc.integer({ min: 0, max: 1000 });
const pair = fc.oneof(size, fc.tuple(size, size));
const isModule = (m: unknown) => expect(m).toBeInstanceOf(Module);

type Build = (a: unknown, b: unknown, c: unknown, o: unknown) => Module;
const layers: [string, Build, fc.Arbitrary<unknown>][] = [
  ['Linear', (a, b, _c, o) => new Linear(a as number, b as number, o as object), optionsWith({ bias: fc.boolean(), seed: seedOption, init: fc.constantFrom('xavierUniform', 'zeros', 'kaimingNormal', 'default') })],
  ['Conv2d', (a, b, c, o) => new Conv2d(a as number, b as number, c as number, o as object), optionsWith({ stride: pair, padding: fc.oneof(pair, fc.constantFrom('same', 'valid')), dilation: pair, activation: fc.constantFrom('relu', 'none') })],
  ['MaxPool2d', (a, _b, _c, o) => new MaxPool2d(a as number, o as object), optionsWith({ stride: pair, padding: pair })],
  ['AvgPool2d', (a, _b, _c, o) => new AvgPool2d(a as number, o as object), optionsWith({ stride: pair, padding: pair, countIncludePad: fc.boolean() })],
  ['Embedding', (a, b, _c, o) => new Embedding(a as number, b as number, o as object), optionsWith({ seed: seedOption })],
  ['Dropout', (a, _b, _c, o) => new Dropout(a as number, o as object), optionsWith({ seed: seedOption })],
  ['BatchNorm1d', (a, _b, _c, o) => new BatchNorm1d(a as number, o as object), optionsWith({ eps: fraction, momentum: fraction, affine: fc.boolean() })],
  ['LayerNorm', (a, _b, _c, o) => new LayerNorm(a as number, o as object), optionsWith({ eps: fraction, affine: fc.boolean() })],
  ['GroupNorm', (a, b, _c, o) => new GroupNorm(a as number, b as number, o as object), optionsWith({ eps: fraction })],
  ['RNN', (a, b, _c, o) => new RNN(a as number, b as number, o as object), optionsWith({ numLayers: size, bias: fc.boolean() })],
  ['LSTM', (a, b, _c, o) => new LSTM(a as number, b as number, o as object), optionsWith({ numLayers: size })],
  ['GRU', (a, b, _c, o) => new GRU(a as number, b as number, o as object), optionsWith({ numLayers: size })],
  ['LeakyReLU', (a) => new LeakyReLU(a as number), fc.constant(undefined)],
  ['Softmax', (a) => new Softmax(a as number), fc.constant(undefined)],
  ['LogSoftmax', (a) => new LogSoftmax(a as number), fc.constant(undefined)],
  ['Flatten', (a) => new Flatten(a as number), fc.constant(undefined)],
  ['Sequential', (a, b) => new Sequential(a as Module, b as Module), fc.constant(undefined)],
  ['Residual', (a, _b, _c, o) => new Residual(a as Module, o as object), optionsWith({ shortcut: badValue, activation: badValue })],
  ['BernoulliRBM', (a, b, _c, o) => new BernoulliRBM(a as number, b as number, o as object), optionsWith({ seed: seedOption })],
  ['activationModule', (a) => activationModule(a as 'relu'), fc.constant(undefined)],
  ['mlp', (a, b, c, o) => mlp([a, b, c] as number[], o as object), optionsWith({ activation: fc.constantFrom('relu', 'gelu'), dropout: fraction, seed: seedOption })],
  ['residualBlock', (a, b, c, o) => residualBlock(a as number, b as number, c as number, o as number), fc.oneof(seedOption, badValue)],
];

describe('layer and model constructors with bad arguments', () => {
  it.each(layers)('%s: a typed error or a module, nothing leaked', (_name, build, options) => {
    property(size, size, pair, options, (a, b, c, o) => {
      expectTypedOrCorrect(() => build(a, b, c, o), isModule);
    });
  });

  it('image models: a typed error or a module', () => {
    const image = optionsWith({
      inputShape: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), size),
      numClasses: size, seed: seedOption, blocks: fc.array(size, { maxLength: 2 }), hidden: size, stages: fc.array(size, { maxLength: 2 }),
      blocksPerStage: size, dropout: fraction, batchNorm: fc.boolean(),
    });
    const builders = [smallCnn, leNet5, smallVgg, smallResNet] as ((o: unknown) => Module)[];
    property(fc.nat(3), image, (which, o) => {
      expectTypedOrCorrect(() => builders[which]!(o), isModule);
    });
  });

  it('buildFromConfig: a typed error or a module', () => {
    const layer = fc.oneof(
      fc.record({ type: fc.constant('conv'), filters: size, kernel: size, stride: size, padding: size }, { requiredKeys: ['type', 'filters', 'kernel'] }),
      fc.record({ type: fc.constant('maxPool'), kernel: size, stride: size }, { requiredKeys: ['type', 'kernel'] }),
      fc.record({ type: fc.constant('dense'), units: size }),
      fc.record({ type: fc.constant('dropout'), p: fraction }),
      fc.record({ type: fc.constantFrom('flatten', 'tanh', 'bogus') }),
      badValue,
    );
    property(fc.array(layer, { maxLength: 4 }), fc.tuple(size, size, size), (config, shape) => {
      expectTypedOrCorrect(() => buildFromConfig(config as never, shape as [number, number, number]), isModule);
    });
  });
});

describe('layer forwards on random shapes', () => {
  it('Linear, Conv2d, norms, pooling and recurrent layers: a typed error or an output', () => {
    const modules: Module[] = [
      new Linear(3, 2), new Conv2d(2, 2, 2), new MaxPool2d(2), new AvgPool2d(2), new BatchNorm1d(3), new LayerNorm(3), new GroupNorm(1, 2),
      new RNN(3, 2), new Embedding(4, 2), new Flatten(), new Softmax(), new Dropout(0.5, { seed: 1 }), new LeakyReLU(0.1), new GlobalAvgPool2d(),
      new Residual(new Linear(2, 2), { activation: new LeakyReLU() }),
    ];
    property(fc.nat(modules.length - 1), smallShape, fc.constantFrom('float32', 'float64', 'int32'), (which, shape, dtype) => {
      const input = filled(shape, dtype as 'float32');
      expectTypedOrCorrect(() => modules[which]!.forward(input), (out) => expect(out.isDisposed).toBe(false));
      input.dispose();
    });
    modules.forEach((m) => m.dispose());
  });
});

describe('initializers with bad arguments', () => {
  const inits: ((a: unknown, b: unknown, c: unknown, d: unknown) => unknown)[] = [
    (a, b, c) => uniformValues(a as number, b as number, c as number),
    (a, b, c) => normalValues(a as number, b as number, c as number),
    (a, b, c, d) => xavierUniform(a as number, b as number, c as number, 1, d as number),
    (a, b, c, d) => xavierNormal(a as number, b as number, c as number, 1, d as number),
    (a, b, c, d) => kaimingUniform(a as number, b as number, 1, d as 'relu'),
    (a, b, c, d) => kaimingNormal(a as number, b as number, 1, 'leakyRelu', d as number),
    (a, b, c, d) => initialValues(d as 'zeros', a as number, b as number, c as number, 1),
    (a, _b, _c, d) => gain(a as 'relu', d as number),
  ];
  it('a typed error or finite values of the asked length', () => {
    property(fc.nat(inits.length - 1), size, size, fc.oneof(size, fc.constant(7)), fc.oneof(badValue, fc.constantFrom('relu', 'tanh', 'zeros', 'xavierNormal')), (which, a, b, c, d) => {
      expectTypedOrCorrect(() => inits[which]!(a, b, c, d), (out) => {
        if (out instanceof Float32Array) {
          expect(out.length === a).toBe(true);
          expect(out.every(Number.isFinite)).toBe(true);
        } else expect(Number.isFinite(out)).toBe(true);
      });
    });
  });
});

describe('canaries', () => {
  it('modules can take a canary as a layer argument without changing it', () => {
    expectTypedOrCorrect(() => new Sequential(canary(0) as never));
    expectTypedOrCorrect(() => new Linear(canary(1) as never, 2));
  });
});
