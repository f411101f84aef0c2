import { add, ArgumentError, init, memory, mul, randn, scope, ShapeError, sum, tensor, zeros } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradCheck } from '@neurite/tensor/testing';
import { gradCheckModule } from '../testing.ts';
import { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from './activations.ts';
import { AdaptiveAvgPool2d } from './adaptive-pool.ts';
import { AvgPool2d, Conv2d, GlobalAvgPool2d, MaxPool2d } from './conv.ts';
import { AvgPool1d, Conv1d, MaxPool1d } from './conv1d.ts';
import { Dropout } from './dropout.ts';
import { Embedding } from './embedding.ts';
import { Flatten } from './flatten.ts';
import { Identity } from './identity.ts';
import { Linear } from './linear.ts';
import { BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm } from './normalization.ts';
import { GRU, LSTM, RNN } from './recurrent.ts';
import { Residual, Sequential } from './sequential.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

/** Inputs away from kinks: |x| >= 0.1 (ReLU at 0 is not differentiable). */
function input(shape: number[], seed: number) {
  const x = randn(shape, { seed });
  const v = x.toArray();
  for (let i = 0; i < v.length; i++) if (Math.abs(v[i]!) < 0.1) v[i] = v[i]! < 0 ? -0.3 : 0.3;
  x.dispose();
  return tensor(v, shape);
}

describe('gradCheck of every layer', () => {
  const cases: [string, () => import('../module/module.ts').Module, number[]][] = [
    ['Linear', () => new Linear(4, 3, { seed: 1 }), [2, 4]],
    ['Linear (3-D input, no bias)', () => new Linear(4, 3, { seed: 2, bias: false }), [2, 2, 4]],
    ['Linear + fused ReLU', () => new Linear(4, 3, { seed: 3, activation: 'relu', init: 'xavierUniform' }), [2, 4]],
    ['ReLU', () => new ReLU(), [2, 5]],
    ['LeakyReLU', () => new LeakyReLU(0.2), [2, 5]],
    ['Sigmoid', () => new Sigmoid(), [2, 5]],
    ['Tanh', () => new Tanh(), [2, 5]],
    ['GELU', () => new GELU(), [2, 5]],
    ['Softmax', () => new Softmax(), [3, 4]],
    ['LogSoftmax', () => new LogSoftmax(), [3, 4]],
    ['Flatten', () => new Flatten(), [2, 2, 3]],
    ['BatchNorm1d', () => new BatchNorm1d(3), [5, 3]],
    ['BatchNorm2d', () => new BatchNorm2d(2), [2, 2, 2, 2]],
    ['LayerNorm', () => new LayerNorm(4), [3, 4]],
    ['GroupNorm', () => new GroupNorm(2, 4), [2, 3, 4]],
    ['RNN (2 layers)', () => new RNN(3, 4, { numLayers: 2, seed: 4 }), [2, 3, 3]],
    ['LSTM', () => new LSTM(3, 4, { seed: 5 }), [2, 3, 3]],
    ['GRU', () => new GRU(3, 4, { seed: 6 }), [2, 3, 3]],
    ['Sequential', () => new Sequential(new Linear(4, 5, { seed: 7 }), new Tanh(), new Linear(5, 2, { seed: 8 })), [3, 4]],
    ['Conv2d 3x3', () => new Conv2d(2, 3, 3, { seed: 12 }), [2, 5, 5, 2]],
    ['Conv2d stride 2, padding 1, dilation 2, no bias', () => new Conv2d(2, 2, [3, 2], { stride: 2, padding: 1, dilation: [2, 1], bias: false, seed: 13 }), [1, 7, 6, 2]],
    ['Conv2d same + fused tanh', () => new Conv2d(1, 2, 3, { padding: 'same', activation: 'tanh', seed: 14 }), [1, 4, 4, 1]],
    ['Conv2d same, even kernel (padded after)', () => new Conv2d(2, 2, [2, 4], { padding: 'same', seed: 15 }), [1, 4, 5, 2]],
    ['AvgPool2d padded (padding counted)', () => new AvgPool2d(3, { stride: 2, padding: 1 }), [1, 5, 4, 2]],
    ['MaxPool2d', () => new MaxPool2d(2), [2, 4, 4, 2]],
    ['MaxPool2d stride 1 padded', () => new MaxPool2d(3, { stride: 1, padding: 1 }), [1, 3, 3, 2]],
    ['AvgPool2d', () => new AvgPool2d(2, { stride: 1 }), [2, 3, 3, 2]],
    ['GlobalAvgPool2d', () => new GlobalAvgPool2d(), [2, 3, 3, 2]],
    ['Conv1d', () => new Conv1d(2, 3, 3, { seed: 16 }), [2, 6, 2]],
    ['Conv1d stride 2, padding 1, dilation 2, fused tanh', () => new Conv1d(2, 2, 3, { stride: 2, padding: 1, dilation: 2, activation: 'tanh', seed: 17 }), [1, 8, 2]],
    ['Conv1d same, even kernel', () => new Conv1d(1, 2, 4, { padding: 'same', seed: 18 }), [1, 5, 1]],
    ['MaxPool1d', () => new MaxPool1d(2), [2, 6, 2]],
    ['AvgPool1d padded, padding excluded', () => new AvgPool1d(3, { stride: 2, padding: 1, countIncludePad: false }), [1, 7, 2]],
    ['AdaptiveAvgPool2d (divisible)', () => new AdaptiveAvgPool2d([2, 1]), [1, 4, 3, 2]],
    ['AdaptiveAvgPool2d (uneven, overlapping windows)', () => new AdaptiveAvgPool2d([3, 2]), [1, 5, 3, 2]],
    ['Identity', () => new Identity(), [2, 3]],
    ['Residual', () => new Residual(new Sequential(new Linear(4, 4, { seed: 9 }), new Tanh()), { activation: new Tanh() }), [3, 4]],
  ];
  it.each(cases)('%s', (_name, make, shape) => {
    const module = make();
    const x = input(shape, 11);
    const report = gradCheckModule(module, [x]);
    expect(report.elements).toBeGreaterThan(0);
    x.dispose();
    module.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

describe('layer behaviour', () => {
  it('Embedding looks up rows and passes gradCheck on its weight', () => {
    const embedding = new Embedding(5, 3, { seed: 1 });
    const indices = tensor([[1, 4], [1, 0]], undefined, { dtype: 'int32' });
    const out = embedding.forward(indices);
    expect(out.shape).toEqual([2, 2, 3]);
    const w = embedding.weight.toArray();
    expect([...out.toArray()].slice(0, 3)).toEqual([...w.slice(3, 6)]);
    out.dispose();
    gradCheckModule(embedding, [indices]);
    indices.dispose();
    embedding.dispose();
  });

  it('Conv2d output shape follows (H + 2p - d(k - 1) - 1) / s + 1 and uses HWIO weights', () => {
    const conv = new Conv2d(3, 4, [3, 5], { stride: [2, 1], padding: [1, 2], seed: 1 });
    expect(conv.weight.shape).toEqual([3, 5, 3, 4]);
    const x = input([2, 9, 7, 3], 2);
    const y = conv.forward(x);
    expect(y.shape).toEqual([2, 5, 7, 4]);
    expect(conv.describe()).toBe('3->4, kernel=3x5, stride=2x1, padding=1x2');
    for (const t of [x, y]) t.dispose();
    conv.dispose();
  });

  it('Conv1d is channels-last with [K, Cin, Cout] weights; 1-D pools keep the channels', () => {
    const conv = new Conv1d(3, 4, 5, { stride: 2, padding: 2, seed: 1 });
    expect(conv.weight.shape).toEqual([5, 3, 4]);
    expect(conv.describe()).toBe('3->4, kernel=5, stride=2, padding=2');
    const x = input([2, 9, 3], 2);
    scope(() => {
      expect(conv.forward(x).shape).toEqual([2, 5, 4]);
      expect(new MaxPool1d(2).forward(x).shape).toEqual([2, 4, 3]);
      expect(new AvgPool1d(3, { stride: 1, padding: 1 }).forward(x).shape).toEqual([2, 9, 3]);
    });
    expect(() => scope(() => conv.forward(tensor([[1, 2, 3]])))).toThrow(ShapeError);
    expect(() => scope(() => new MaxPool1d(2).forward(tensor([[1, 2, 3]])))).toThrow(/\[N, L, C\]/);
    expect(() => new Conv1d(3, 4, 0)).toThrow(ShapeError);
    expect(() => new Conv1d(3, 4, [3, 3] as unknown as number)).toThrow(/kernelSize/);
    expect(() => new AvgPool1d(2, { countIncludePad: 1 as unknown as boolean })).toThrow(ArgumentError);
    x.dispose();
    conv.dispose();
  });

  it('AdaptiveAvgPool2d averages PyTorch windows; null keeps a size; Identity returns its input', () => {
    // 1 x 5 x 1 x 1 into 3 rows: windows [0, 2), [1, 4), [3, 5).
    const x = tensor([1, 2, 4, 8, 16], [1, 5, 1, 1]);
    expect(scope(() => [...new AdaptiveAvgPool2d([3, 1]).forward(x).toArray()])).toEqual([1.5, 14 / 3, 12].map((v) => Math.fround(v)));
    expect(scope(() => new AdaptiveAvgPool2d([null, 1]).forward(x).shape)).toEqual([1, 5, 1, 1]);
    expect(new AdaptiveAvgPool2d(2).describe()).toBe('output=2x2');
    expect(() => new AdaptiveAvgPool2d([2, 0])).toThrow(ShapeError);
    expect(() => new AdaptiveAvgPool2d('2' as unknown as number)).toThrow(ArgumentError);
    expect(() => scope(() => new AdaptiveAvgPool2d(2).forward(tensor([1, 2])))).toThrow(/NHWC/);
    expect(scope(() => [...new Identity().forward(x).toArray()])).toEqual([1, 2, 4, 8, 16]);
    x.dispose();
  });

  it('Linear matches x W^T + b', () => {
    const layer = new Linear(2, 2, { seed: 1 });
    const w = layer.weight.toArray(), b = layer.bias!.toArray();
    const y = scope(() => layer.forward(tensor([[1, 2]])).toArray());
    expect(y[0]).toBeCloseTo(w[0]! + 2 * w[1]! + b[0]!, 6);
    expect(y[1]).toBeCloseTo(w[2]! + 2 * w[3]! + b[1]!, 6);
    expect(() => scope(() => layer.forward(tensor([[1, 2, 3]])))).toThrow(/end in 2 features/);
    layer.dispose();
  });

  it('Dropout is inverted and seeded in training, identity in eval', () => {
    const drop = new Dropout(0.25, { seed: 3 });
    const x = tensor(new Float32Array(4000).fill(1), [4000]);
    const y = scope(() => drop.forward(x).toArray());
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.22);
    expect(zeros / 4000).toBeLessThan(0.28);
    expect(y.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    const again = new Dropout(0.25, { seed: 3 });
    expect(scope(() => again.forward(x).toArray())).toEqual(y);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    x.dispose();
  });

  it('Dropout passes gradient through its mask only', () => {
    const drop = new Dropout(0.5, { seed: 9 });
    const x = tensor(new Float32Array(64).map((_, i) => 1 + i), [64]).setRequiresGrad(true);
    const y = scope(() => {
      const out = drop.forward(x);
      out.backward(tensor(new Float32Array(64).fill(1), [64]));
      return out.toArray();
    });
    const g = x.grad!.toArray(), xv = x.toArray();
    for (let i = 0; i < 64; i++) expect(g[i]).toBeCloseTo(y[i]! / xv[i]!, 6);
    expect(new Set(g)).toEqual(new Set([0, 2]));
    x.dispose();
  });

  it('BatchNorm updates running statistics in training and uses them in eval', () => {
    const bn = new BatchNorm1d(1, { momentum: 0.5 });
    const x = tensor([[1], [2], [3], [4]]);
    scope(() => {
      bn.forward(x);
    });
    const [, mean] = bn.namedBuffers()[0]!;
    const [, variance] = bn.namedBuffers()[1]!;
    expect(mean.toArray()[0]).toBeCloseTo(0.5 * 2.5, 6);
    expect(variance.toArray()[0]).toBeCloseTo(0.5 * 1 + 0.5 * (5 / 3), 6); // unbiased batch variance 5/3
    bn.eval();
    const y = scope(() => bn.forward(tensor([[1.25]])).toArray());
    expect(y[0]).toBeCloseTo(0 / Math.sqrt(0.5 + 5 / 6 + 1e-5), 6);
    bn.dispose();
    x.dispose();
  });

  it.each([['RNN', () => new RNN(2, 3, { seed: 1 })], ['LSTM', () => new LSTM(2, 3, { seed: 2 })], ['GRU', () => new GRU(2, 3, { seed: 3, bias: false })]] as const)(
    '%s differentiates through its initial hidden state',
    (_name, make) => {
      const layer = make();
      const x = input([2, 4, 2], 5), h0 = input([1, 2, 3], 6), c0 = input([1, 2, 3], 7);
      const named = layer.namedParameters();
      gradCheck((a, b, ...params) => layer.withParameters(new Map(named.map(([name], i) => [name, params[i]!])), () => {
        const { output, state } = layer.run(a!, { h: b!, c: tensor(c0.toArray(), c0.shape, { dtype: a!.dtype }) });
        state.h.dispose();
        state.c?.dispose();
        return output;
      }), [x, h0, ...named.map(([, p]) => p)]);
      for (const t of [x, h0, c0]) t.dispose();
      layer.dispose();
    },
  );

  it('LSTM differentiates c0 and its final cell state (an encoder handing (h, c) on as the next c0)', () => {
    const lstm = new LSTM(2, 3, { seed: 3 });
    const x = input([2, 3, 2], 8), y = input([2, 2, 2], 9), c0 = input([1, 2, 3], 10);
    const named = lstm.namedParameters();
    gradCheck((a, b, c, ...params) => lstm.withParameters(new Map(named.map(([name], i) => [name, params[i]!])), () => {
      const first = lstm.run(a!, { h: zeros([1, 2, 3], { dtype: a!.dtype }), c: c! });
      const second = lstm.run(b!, first.state);
      return add(sum(second.output), sum(mul(second.state.c!, 0.5)));
    }), [x, y, c0, ...named.map(([, p]) => p)]);
    for (const t of [x, y, c0]) t.dispose();
    lstm.dispose();
  });

  it('LSTM runs batch-first with a final state and PyTorch parameter names', () => {
    const before = memory().liveTensors;
    const lstm = new LSTM(3, 5, { numLayers: 2, seed: 1 });
    expect(lstm.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      'weight_ih_l0:20x3', 'weight_hh_l0:20x5', 'bias_ih_l0:20', 'bias_hh_l0:20',
      'weight_ih_l1:20x5', 'weight_hh_l1:20x5', 'bias_ih_l1:20', 'bias_hh_l1:20',
    ]);
    const x = input([2, 7, 3], 1);
    const { output, state } = lstm.run(x);
    expect(output.shape).toEqual([2, 7, 5]);
    expect(state.h.shape).toEqual([2, 2, 5]);
    expect(state.c!.shape).toEqual([2, 2, 5]);
    // the last output step is the top layer's final h
    const out = output.toArray(), h = state.h.toArray();
    for (let n = 0; n < 2; n++) for (let j = 0; j < 5; j++) expect(out[(n * 7 + 6) * 5 + j]).toBe(h[(1 * 2 + n) * 5 + j]);
    for (const t of [output, state.h, state.c!, x]) t.dispose();
    lstm.dispose();
    expect(memory().liveTensors).toBe(before);
  });

  it('the layer tests leaked nothing', () => {
    expect(memory().liveTensors).toBe(start);
  });
});
